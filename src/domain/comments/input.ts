import * as z from "zod/mini";
import { notifyChoices } from "../notifications/jobs.ts";
import { isBlank, maxLength, normalizeText, text, wellFormedString, withoutInvisible } from "../text-fields.ts";
import { originOfUrl } from "../thread-ids.ts";
import { LIMITS } from "./comment.ts";

// C0 and C1 controls and DEL; tab and newline are allowed where text may span lines.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const CONTROL_OR_LINE_BREAK = /[\u0000-\u001F\u007F-\u009F]/;

const requiredTextChecks = (max: number, missing: string, multiline: boolean): z.core.$ZodCheck<string>[] => [
  z.refine<string>((value) => !isBlank(value), missing),
  z.refine<string>((value) => !(multiline ? CONTROL : CONTROL_OR_LINE_BREAK).test(value), "Remove the control characters from this field."),
  maxLength(max),
];

/** Required text: not blank (invisible characters don't count), bounded, no control characters. */
const requiredText = (max: number, missing: string, multiline: boolean) => text(missing, ...requiredTextChecks(max, missing, multiline));

/**
 * A commenter's name, stored without invisible characters: a bidi override or
 * a zero-width space in a name would reorder or disguise it wherever it is
 * shown (feeds, labels, emails), not only on our pages where `<bdi>` contains it.
 */
const authorName = (missing: string) =>
  z
    .pipe(
      text(missing),
      z.transform((value: string) => withoutInvisible(value).trim()),
    )
    .check(...requiredTextChecks(LIMITS.author, missing, false));

const INVALID_EMAIL = "Enter a valid email address.";
const email = z.pipe(
  text(
    "Enter your email address.",
    z.refine((value: string) => value !== "", "Enter your email address."),
    z.refine((value: string) => !CONTROL_OR_LINE_BREAK.test(value), INVALID_EMAIL),
    maxLength(LIMITS.email),
  ),
  z.email(INVALID_EMAIL),
);

function isWebAddress(value: string): boolean {
  try {
    const { protocol, hostname } = new URL(value);
    return (protocol === "http:" || protocol === "https:") && hostname.includes(".");
  } catch {
    return false;
  }
}

// Absent, null and "" all mean no website; a bare "example.com" is taken as
// https://example.com, as people type it.
const INVALID_URL = "Enter a valid web address (http:// or https://).";
const website = z.pipe(
  z
    .pipe(
      z.nullish(wellFormedString(INVALID_URL)),
      z.transform((value) => (value == null ? "" : normalizeText(value))),
    )
    .check(z.refine((value: string) => !CONTROL_OR_LINE_BREAK.test(value) && !/\s/.test(value), INVALID_URL)),
  z
    .transform((value: string) => (value === "" || /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`))
    .check(
      maxLength(LIMITS.url),
      z.refine((value: string) => value === "" || isWebAddress(value), INVALID_URL),
    ),
);

const INVALID_PARENT = "Reply to a comment on this article.";
const parentId = z
  .pipe(
    z.nullish(z.union([z.number(), z.string()], INVALID_PARENT)),
    z.transform((value) => (value == null || value === "" ? null : Number(value))),
  )
  .check(z.refine((value: number | null) => value === null || (Number.isSafeInteger(value) && value > 0), INVALID_PARENT));

/**
 * A new comment, from the HTML form or the JSON API alike. Unknown fields are
 * dropped, so a client cannot set status, dates or another article.
 */
export const commentInput = z.object({
  author: authorName("Enter your name."),
  email,
  url: z.pipe(
    website,
    z.transform((value: string) => (value === "" ? null : value)),
  ),
  body: requiredText(LIMITS.body, "Write a comment.", true),
  parentId,
  /** Email notifications: of replies to this comment, of every new comment on the article, or none. */
  notify: z._default(z.enum(notifyChoices, `Choose ${notifyChoices.join(", ")}.`), "none"),
});

export type CommentInput = z.output<typeof commentInput>;

const INVALID_PAGE = "Give the page's address (http:// or https://).";
/**
 * A page's address as its thread keeps and shows it (feeds, emails, the
 * moderation queue, links to comments): origin and path, in ASCII. The
 * query and fragment are the first commenter's own (a newsletter's `?email=`,
 * a preview token, `#comment-3`), never the page's, as its default thread id
 * already says.
 */
const pageAddress = (value: string) => {
  const url = new URL(value);
  return `${url.origin}${url.pathname}`;
};
/**
 * A comment on a page of another site (the widget, or an API client): the
 * same fields, and the page it is on, which names its thread when it is
 * created. The page is never fetched; its address must be on an allowed site
 * (checked by the caller, which knows them).
 */
export const outsideCommentInput = z.extend(commentInput, {
  pageUrl: z.pipe(
    text(
      INVALID_PAGE,
      z.refine((value: string) => !CONTROL_OR_LINE_BREAK.test(value) && !/\s/.test(value) && originOfUrl(value) !== undefined, INVALID_PAGE),
      maxLength(2000),
    ),
    z.transform(pageAddress),
  ),
  pageTitle: requiredText(500, "Give the page's title.", false),
});

/**
 * A comment arriving from another system (a WordPress or wirepost export):
 * the same field rules as a new comment, except that the email may be
 * missing (old comments often have none). Bad records are skipped and reported.
 */
export const importedCommentInput = z.object({
  author: commentInput.shape.author,
  email: z.union([z.literal(""), email], INVALID_EMAIL),
  url: commentInput.shape.url,
  body: commentInput.shape.body,
});

/** What duplicate detection compares: case, spacing and Unicode form don't make a comment new. */
export function duplicateKey(body: string): string {
  return withoutInvisible(body.normalize("NFKC").toLowerCase()).replace(/\s+/g, " ").trim();
}
