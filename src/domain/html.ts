const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * Whether a link target written in user or author content may be emitted:
 * absolute http(s)/mailto URLs and relative references, never `javascript:`,
 * `data:` or other schemes (the URL parser sees through tab/newline tricks).
 */
export function isSafeUrl(url: string): boolean {
  try {
    return SAFE_PROTOCOLS.has(new URL(url, "https://relative.invalid/").protocol);
  } catch {
    return false;
  }
}

export const USER_LINK_REL = "nofollow ugc noopener";
