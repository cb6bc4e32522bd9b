import { z } from "zod";

export const LIMITS = { author: 245, email: 100, url: 200, body: 65_525 } as const;
export const MAX_THREAD_DEPTH = 5;

// Invisible characters that carry no content: zero-width spaces and joiners,
// bidi marks, embeddings, overrides and isolates, word joiners, the BOM.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// C0 and C1 controls and DEL; tab and newline are allowed where text may span lines.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const CONTROL_OR_LINE_BREAK = /[\u0000-\u001F\u007F-\u009F]/;

const normalize = (value: string) => value.replace(/\r\n?/g, "\n").normalize("NFC").trim();
const isBlank = (value: string) => value.replace(INVISIBLE, "").trim() === "";

const optionalString = (invalid: string) =>
  z
    .string(invalid)
    .nullish()
    .transform((value) => (value == null ? "" : normalize(value)));

/** Required text: not blank (invisible characters don't count), bounded, no control characters. */
function requiredText(max: number, missing: string, multiline: boolean) {
  return z
    .string(missing)
    .transform(normalize)
    .refine((value) => !isBlank(value), missing)
    .refine((value) => !(multiline ? CONTROL : CONTROL_OR_LINE_BREAK).test(value), "Remove the control characters from this field.")
    .refine((value) => value.length <= max, `Keep this under ${max.toLocaleString("en")} characters.`);
}

const email = z
  .string("Enter your email address.")
  .transform(normalize)
  .refine((value) => value !== "", "Enter your email address.")
  .refine((value) => !CONTROL_OR_LINE_BREAK.test(value), "Enter a valid email address.")
  .refine((value) => value.length <= LIMITS.email, `Keep this under ${LIMITS.email} characters.`)
  .pipe(z.email("Enter a valid email address."));

// A bare "example.com" is taken as https://example.com, as people type it.
const INVALID_URL = "Enter a valid web address (http:// or https://).";
const website = optionalString(INVALID_URL)
  .refine((value) => !CONTROL_OR_LINE_BREAK.test(value) && !/\s/.test(value), INVALID_URL)
  .transform((value) => (value === "" || /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`))
  .refine((value) => value.length <= LIMITS.url, `Keep this under ${LIMITS.url} characters.`)
  .refine((value) => {
    if (value === "") return true;
    try {
      const { protocol, hostname } = new URL(value);
      return (protocol === "http:" || protocol === "https:") && hostname.includes(".");
    } catch {
      return false;
    }
  }, INVALID_URL)
  .transform((value) => (value === "" ? null : value));

const INVALID_PARENT = "Reply to a comment on this article.";
const parentId = z
  .union([z.number(), z.string()], INVALID_PARENT)
  .nullish()
  .transform((value) => (value == null || value === "" ? null : Number(value)))
  .refine((value) => value === null || (Number.isSafeInteger(value) && value > 0), INVALID_PARENT);

/**
 * A new comment, from the HTML form or the JSON API alike. Unknown fields are
 * dropped, so a client cannot set status, dates or another article.
 */
export const commentInput = z.object({
  author: requiredText(LIMITS.author, "Enter your name.", false),
  email,
  url: website,
  body: requiredText(LIMITS.body, "Write a comment.", true),
  parentId,
});

export type CommentInput = z.output<typeof commentInput>;

/** `{ field: message }` for each failing field, first message wins. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "body");
    fields[field] ??= issue.message;
  }
  return fields;
}

/** What duplicate detection compares: case, spacing and Unicode form don't make a comment new. */
export function duplicateKey(body: string): string {
  return body.normalize("NFKC").toLowerCase().replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}
