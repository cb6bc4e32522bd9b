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

const UNESCAPES: Record<string, string> = Object.fromEntries(Object.entries(HTML_ESCAPES).map(([ch, entity]) => [entity, ch]));

/** The text of HTML that wirepost rendered itself (paragraphs, line breaks, links, `escapeHtml`'s entities), e.g. a comment's. */
export function textOfRenderedHtml(html: string): string {
  return html
    .replace(/<\/p>\s*<p>/g, "\n\n")
    .replace(/<br>/g, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => UNESCAPES[entity]!)
    .trim();
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
