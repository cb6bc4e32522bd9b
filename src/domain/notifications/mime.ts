/**
 * Raw MIME for `EmailMessage` (cloudflare:email): the form `wrangler dev`
 * keeps as a complete .eml file. CRLF line ends; non-ASCII header text as
 * RFC 2047 encoded-words; each body part 7bit when it can be, else base64.
 */

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
  /** Extra header fields: only Cloudflare's allow-list and `X-*` (see checkHeaders). */
  headers?: Record<string, string>;
}

export interface Envelope {
  from: string;
  fromName: string;
  to: string;
}

const CRLF = "\r\n";
const utf8 = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Controls and line breaks become spaces: nothing a title or name holds can start a header of its own. */
const oneLine = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();

/** Header text: ASCII as it is, anything else as UTF-8 encoded-words of at most 75 characters, folded between words. */
export function encodeWords(value: string): string {
  const text = oneLine(value);
  if (/^[\x20-\x7e]{0,900}$/.test(text)) return text;
  const words: string[] = [];
  let word = "";
  for (const ch of text) {
    // 39 bytes make 52 base64 characters: a "Subject: " line stays within 78. Characters are never split across words.
    if (utf8.encode(word + ch).length > 39) {
      words.push(word);
      word = "";
    }
    word += ch;
  }
  words.push(word);
  return words.map((part) => `=?UTF-8?B?${base64(utf8.encode(part))}?=`).join(`${CRLF} `);
}

function mailbox(name: string, address: string): string {
  const display = oneLine(name);
  const phrase = /^[\x20-\x7e]*$/.test(display) ? `"${display.replace(/["\\]/g, "\\$&")}"` : encodeWords(display);
  return `${phrase} <${oneLine(address)}>`;
}

function encodeBody(content: string): [encoding: string, data: string] {
  const text = content.replace(/\r?\n/g, CRLF);
  if (/^[\x20-\x7e\t\r\n]*$/.test(text) && text.split(CRLF).every((line) => line.length <= 998)) return ["7bit", text];
  return ["base64", base64(utf8.encode(text)).replace(/.{76}/g, `$&${CRLF}`)];
}

// Cloudflare Email Service's allow-list for custom headers (besides X-*); the
// local runtime checks none of it, so we do, before anything is sent.
const ALLOWED = new Set(
  "in-reply-to references list-unsubscribe list-unsubscribe-post list-id list-archive list-help list-owner list-post list-subscribe precedence auto-submitted content-language keywords comments importance priority sensitivity organization require-recipient-valid-since expires reply-by archived-at".split(
    " ",
  ),
);
const VALUES: Record<string, RegExp> = {
  precedence: /^(bulk|list|junk)$/,
  "auto-submitted": /^(auto-generated|auto-replied|auto-notified)$/,
  "list-unsubscribe-post": /^List-Unsubscribe=One-Click$/,
};

export class EmailHeaderError extends Error {
  override name = "EmailHeaderError";
}

/** HTTPS, or plain HTTP to this machine only (a local site: no mail program outside can reach it anyway). */
function isSecureLink(uri: string): boolean {
  try {
    const { protocol, hostname } = new URL(uri);
    return protocol === "https:" || (protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(hostname));
  } catch {
    return false;
  }
}

/**
 * Refuses what Cloudflare would refuse (E_HEADER_*): names off the allow-list
 * and not `X-*`, empty, multi-line, non-ASCII or over-long values, more than
 * 20 allow-listed fields or 16 KB in all, a `List-Unsubscribe` that is not
 * `<https:…>` or `<mailto:…>`, and a one-click `List-Unsubscribe-Post` without
 * an HTTPS `List-Unsubscribe` beside it.
 */
export function checkHeaders(headers: Record<string, string>): void {
  const entries = Object.entries(headers);
  let total = 0;
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    total += name.length + value.length + 4;
    if (!(ALLOWED.has(key) || /^X-[A-Za-z0-9_-]+$/i.test(name)) || name.length > 100) throw new EmailHeaderError(`Header ${name} is not allowed.`);
    if (!/^[\x20-\x7e]{1,2048}$/.test(value) || value.trim() === "")
      throw new EmailHeaderError(`Header ${name} must be one line of 1 to 2048 ASCII characters.`);
    if (VALUES[key] && !VALUES[key].test(value)) throw new EmailHeaderError(`Header ${name} has a value Cloudflare refuses.`);
  }
  if (entries.filter(([name]) => ALLOWED.has(name.toLowerCase())).length > 20 || total > 16_384) throw new EmailHeaderError("Too many or too large headers.");
  const unsubscribe = entries.find(([name]) => name.toLowerCase() === "list-unsubscribe")?.[1];
  const uris = unsubscribe === undefined ? [] : unsubscribe.split(",").map((part) => /^\s*<([^<>]+)>\s*$/.exec(part)?.[1]);
  if (uris.some((uri) => uri === undefined || !(uri.startsWith("mailto:") || isSecureLink(uri)))) {
    throw new EmailHeaderError("List-Unsubscribe must hold <https:…> or <mailto:…> links.");
  }
  const oneClick = entries.some(([name]) => name.toLowerCase() === "list-unsubscribe-post");
  if (oneClick && !uris.some((uri) => uri && isSecureLink(uri))) throw new EmailHeaderError("List-Unsubscribe-Post needs an HTTPS List-Unsubscribe link.");
}

/**
 * A complete message: text and HTML alternatives. It carries its own
 * `Message-ID` (the local runtime refuses a message without one; Cloudflare
 * replaces it) and `Date`, and `From` is the envelope sender, as both require.
 */
export function mimeMessage(envelope: Envelope, content: EmailContent, now: Date): string {
  const headers = content.headers ?? {};
  checkHeaders(headers);
  const boundary = `=_${crypto.randomUUID()}`;
  const part = (type: string, body: string) => {
    const [encoding, data] = encodeBody(body);
    return `--${boundary}${CRLF}Content-Type: ${type}; charset=UTF-8${CRLF}Content-Transfer-Encoding: ${encoding}${CRLF}${CRLF}${data}`;
  };
  return [
    `From: ${mailbox(envelope.fromName, envelope.from)}`,
    `To: <${oneLine(envelope.to)}>`,
    `Subject: ${encodeWords(content.subject)}`,
    `Date: ${now.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${crypto.randomUUID()}@${envelope.from.split("@")[1]}>`,
    "MIME-Version: 1.0",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
    "",
    part("text/plain", content.text),
    part("text/html", content.html),
    `--${boundary}--`,
    "",
  ].join(CRLF);
}
