import * as z from "zod/mini";
import { fieldErrors, maxLength, text } from "../text-fields.ts";
import type { ArticleStatus } from "./article.ts";
import { isSlug, SLUG_RULE, slugify } from "./slugs.ts";
import { MAX_TAGS, MAX_TERM_NAME } from "./terms.ts";

/** What the editor's buttons do. Preview and upload save nothing. */
const deskActions = ["preview", "draft", "publish", "schedule", "unpublish", "upload"] as const;
type DeskAction = (typeof deskActions)[number];

/** The editor's fields as typed, to show again when the page comes back (after a preview, an upload or an error). */
export interface DeskFormValues {
  title: string;
  slug: string;
  summary: string;
  body: string;
  author: string;
  source: string;
  /** The section's name; empty: none. */
  section: string;
  /** The tags' names, separated by commas; empty: none. */
  tags: string;
  /** `YYYY-MM-DDTHH:MM:SS` in UTC, as an `<input type="datetime-local">` holds it; empty: none chosen. */
  publishedAt: string;
  /** The chosen featured image's media path; empty: none. */
  featuredImage: string;
  /** When the article was last saved as the editor saw it (ms), to catch a save over someone else's. */
  version: string;
}

const DESK_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/** A `datetime-local` value, read as UTC (the site shows every date in UTC). */
export function parseDeskTime(value: string): Date | undefined {
  const match = DESK_TIME.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March: that is not what was typed.
  return date.getUTCDate() === day && date.getUTCHours() === hour ? date : undefined;
}

/** A date as a `datetime-local` value, in UTC, to the second. */
export const formatDeskTime = (date: Date) => date.toISOString().slice(0, 19);

const field = (max: number) => z._default(text("Send this field as text.", maxLength(max)), "");

/** The names in the tags field: comma-separated, trimmed, empty ones dropped. */
const tagNames = (value: string) =>
  value
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);

/** A section's or tag's name, as the admin API holds it: short, with a letter or digit to make its address of. */
const termNameProblem = (name: string) =>
  name.length > MAX_TERM_NAME
    ? `Keep each name under ${MAX_TERM_NAME + 1} characters.`
    : slugify(name) === ""
      ? `“${name}” needs a letter or digit (a-z, 0-9) for its address.`
      : undefined;

/** The editor's form (`/admin/articles/…`): every field is text, and any may be empty until an action needs it. */
const deskForm = z.object({
  action: z.enum(deskActions, "Choose one of the editor's buttons."),
  title: field(500),
  slug: z._default(
    text(
      "Send this field as text.",
      z.refine((value: string) => value === "" || isSlug(value), SLUG_RULE),
    ),
    "",
  ),
  summary: field(5_000),
  body: field(1_000_000),
  author: field(200),
  source: field(200),
  section: field(MAX_TERM_NAME),
  tags: field(MAX_TAGS * (MAX_TERM_NAME + 2)),
  publishedAt: z._default(
    text(
      "Send this field as text.",
      z.refine((value: string) => value === "" || parseDeskTime(value) !== undefined, "Enter a date and time, e.g. 2026-03-01T09:30."),
    ),
    "",
  ),
  featuredImage: field(300),
  version: z._default(z.string(), ""),
  alt: field(1_000),
  setFeatured: z._default(z.string(), ""),
});

const STATUS_FOR_ACTION: Partial<Record<DeskAction, ArticleStatus>> = {
  draft: "draft",
  publish: "published",
  schedule: "published",
  unpublish: "unpublished",
};

interface DeskSubmission {
  action: DeskAction;
  values: DeskFormValues;
  /** The change to save (or preview); the featured image as its media path, null for none. */
  edit: {
    title: string;
    summary: string;
    body: string;
    author: string | null;
    source: string | null;
    section: string | null;
    tags: string[];
    slug?: string;
    status?: ArticleStatus;
    publishedAt?: Date;
    featuredImage: string | null;
  };
  upload: { alt: string; setFeatured: boolean };
  version: Date | undefined;
}

export type DeskFormResult = { ok: true; submission: DeskSubmission } | { ok: false; values: DeskFormValues; errors: Record<string, string> };

/** A new article's empty editor. */
export const emptyDeskValues: DeskFormValues = {
  title: "",
  slug: "",
  summary: "",
  body: "",
  author: "",
  source: "",
  section: "",
  tags: "",
  publishedAt: "",
  featuredImage: "",
  version: "",
};

/**
 * Reads the editor's form and checks what its action needs: a title to save
 * anything, a body to publish, a future time to schedule. "Publish" goes live
 * now, unless the time given is in the past (backdating); a future time is
 * what "Schedule" is for.
 */
export function readDeskForm(form: Record<string, string>, now: Date): DeskFormResult {
  const parsed = deskForm.safeParse(form);
  const raw: DeskFormValues = { ...emptyDeskValues, ...Object.fromEntries(Object.keys(emptyDeskValues).map((key) => [key, form[key] ?? ""])) };
  if (!parsed.success) return { ok: false, values: raw, errors: fieldErrors(parsed.error) };
  const { action, alt, setFeatured, ...values } = parsed.data;
  const errors: Record<string, string> = {};
  const saves = STATUS_FOR_ACTION[action] !== undefined;
  if (saves && values.title === "") errors.title = "Give the article a title.";
  const sectionProblem = values.section.trim() ? termNameProblem(values.section.trim()) : undefined;
  if (sectionProblem) errors.section = sectionProblem;
  const tags = tagNames(values.tags);
  const tagsProblem = tags.length > MAX_TAGS ? `Give at most ${MAX_TAGS} tags.` : tags.map(termNameProblem).find(Boolean);
  if (tagsProblem) errors.tags = tagsProblem;
  if ((action === "publish" || action === "schedule") && values.body === "") errors.body = "Write the article's body (Markdown) before it goes out.";
  const chosen = values.publishedAt ? parseDeskTime(values.publishedAt) : undefined;
  if (action === "schedule" && !(chosen && chosen.getTime() > now.getTime())) errors.publishedAt = "Choose a time in the future to schedule it.";
  if (Object.keys(errors).length > 0) return { ok: false, values, errors };
  const publishedAt = action === "publish" && chosen && chosen.getTime() > now.getTime() ? now : chosen;
  const version = Number(values.version);
  return {
    ok: true,
    submission: {
      action,
      values,
      edit: {
        title: values.title,
        summary: values.summary,
        body: values.body,
        author: values.author || null,
        source: values.source || null,
        section: values.section.trim() || null,
        tags,
        ...(values.slug ? { slug: values.slug } : {}),
        ...(STATUS_FOR_ACTION[action] ? { status: STATUS_FOR_ACTION[action] } : {}),
        ...(publishedAt ? { publishedAt } : {}),
        featuredImage: values.featuredImage || null,
      },
      upload: { alt, setFeatured: setFeatured !== "" },
      version: values.version && Number.isSafeInteger(version) ? new Date(version) : undefined,
    },
  };
}
