/**
 * Reads back the raw MIME our emails are sent as (tests only; runs in workerd
 * and in Node): header fields unfolded, encoded-words decoded, and the text
 * and HTML parts decoded from 7bit or base64.
 */
export interface ReadEmail {
  raw: string;
  /** Lower-case field names; each field's last value. */
  headers: Map<string, string>;
  text: string;
  html: string;
}

const utf8 = new TextDecoder();
const fromBase64 = (data: string) => utf8.decode(Uint8Array.from(atob(data.replace(/\s+/g, "")), (ch) => ch.charCodeAt(0)));

function fields(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    const value = line.slice(colon + 1).trim();
    // Space between two encoded-words is not part of the text (RFC 2047).
    const words = value.replace(/\?=\s+(?==\?)/g, "?=");
    map.set(
      line.slice(0, colon).toLowerCase(),
      words.replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, data: string) => fromBase64(data)),
    );
  }
  return map;
}

export function readEmail(raw: string): ReadEmail {
  const end = raw.indexOf("\r\n\r\n");
  const headers = fields(raw.slice(0, end));
  const boundary = /boundary="([^"]+)"/.exec(headers.get("content-type") ?? "")?.[1];
  const parts: Record<string, string> = {};
  for (const part of boundary ? raw.slice(end + 4).split(`--${boundary}`) : []) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const partHeaders = fields(part.slice(0, split).replace(/^\r\n/, ""));
    const body = part.slice(split + 4).replace(/\r\n$/, "");
    const type = (partHeaders.get("content-type") ?? "").split(";")[0]!;
    parts[type] = partHeaders.get("content-transfer-encoding") === "base64" ? fromBase64(body) : body;
  }
  return { raw, headers, text: parts["text/plain"] ?? "", html: parts["text/html"] ?? "" };
}

/** The http(s) links in an email's text, in order. */
export const linksIn = (text: string) => [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((match) => match[0]);
