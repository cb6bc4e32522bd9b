import * as z from "zod/mini";
import { PLAIN_ADDRESS, type Settings } from "../settings.ts";
import { maxLength, withoutInvisible } from "../text-fields.ts";
import { normalizeOrigin } from "../thread-ids.ts";
import { COMMENTS_PER_PAGE, MAX_COMMENTS_PER_PAGE, MAX_THREAD_DEPTH, MIN_COMMENTS_PER_PAGE, THREAD_DEPTH_LIMIT } from "./comment.ts";
import { moderationModes } from "./moderation.ts";

/** WordPress's per-post `comment_status`. */
export const articleCommentStatuses = ["open", "closed"] as const;
export type ArticleCommentStatus = (typeof articleCommentStatuses)[number];

/** What the owner can say about a commenter: their comments go to spam, or skip moderation. */
export const commenterRuleKinds = ["block", "trust"] as const;
export type CommenterRuleKind = (typeof commenterRuleKinds)[number];

const whole = (min: number, max: number) => {
  const message = `Enter a whole number from ${min} to ${max}.`;
  return z.int(message).check(z.minimum(min, message), z.maximum(max, message));
};
const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, `Choose one of ${values.join(", ")}.`);
const yesNo = z.boolean("Give true or false.");

/** One word, name, URL, email or address per entry (a textarea's lines); blank lines are dropped. */
const keyList = z.pipe(
  z.array(z.string("Give each key as text.").check(maxLength(200)), "Give a list of keys.").check(z.maxLength(1000, "Keep the list under 1,000 keys.")),
  z.transform((keys: string[]) => [...new Set(keys.map((key) => key.normalize("NFC").trim()).filter((key) => key !== ""))]),
);

const BAD_EMAIL = "Enter valid email addresses, one per line.";
const ownerEmail = z.pipe(
  z.pipe(
    z.string(BAD_EMAIL),
    z.transform((value: string) => value.trim()),
  ),
  z.string().check(z.regex(PLAIN_ADDRESS, BAD_EMAIL)),
);

const BAD_ORIGIN = "Enter sites as origins such as https://blog.example.com (no path), one per line.";
/** A site's origin, as `https://blog.example.com` (a trailing "/" is dropped). */
const origin = z.pipe(
  z.string(BAD_ORIGIN),
  z.transform((value: string, ctx) => {
    const normalized = normalizeOrigin(value);
    if (normalized === undefined) {
      ctx.issues.push({ code: "custom", message: BAD_ORIGIN, input: value });
      return z.NEVER;
    }
    return normalized;
  }),
);

/**
 * The discussion settings (WordPress's Settings → Discussion), each optional:
 * `PATCH /api/admin/settings` and the settings page send any subset. Unknown
 * fields are ignored.
 */
export const discussionPatch = z.object({
  /** `default_comment_status`: whether new articles take comments. */
  commentsOpenByDefault: z.optional(yesNo),
  /** `close_comments_days_old` (0: `close_comments_for_old_posts` off). */
  closeCommentsAfterDays: z.optional(whole(0, 36_500)),
  moderation: z.optional(choice(moderationModes)),
  /** `comment_max_links`: a comment with more links than this is held. */
  maxLinks: z.optional(whole(0, 1000)),
  /** `moderation_keys`: a comment containing one is held. */
  moderationKeys: z.optional(keyList),
  /** `disallowed_keys`: a comment containing one goes to the trash. */
  disallowedKeys: z.optional(keyList),
  /** `thread_comments_depth`. */
  threadDepth: z.optional(whole(1, THREAD_DEPTH_LIMIT)),
  /**
   * `comments_per_page`: comments per comment page. Comments keep the page
   * they were first shown on, so this places the comments approved from then
   * on: pages filled before keep the size they have.
   */
  commentsPerPage: z.optional(whole(MIN_COMMENTS_PER_PAGE, MAX_COMMENTS_PER_PAGE)),
  /** `default_comments_page`: which comment page the article's URL alone shows ("oldest": page 1). */
  defaultCommentsPage: z.optional(choice(["newest", "oldest"] as const)),
  /** `comment_order`: threads within a page. */
  commentOrder: z.optional(choice(["oldest-first", "newest-first"] as const)),
  /** `comments_notify`: the owner is emailed each comment published as posted… */
  notifyOnComment: z.optional(yesNo),
  /** …`moderation_notify`: and each comment held for moderation. */
  notifyOnHeld: z.optional(yesNo),
  /** The addresses the owner's emails go to. */
  notifyEmails: z.optional(z.array(ownerEmail, "Give a list of emails.").check(z.maxLength(20, "At most 20 addresses."))),
  /** Workers AI (when bound): classify comments the rules would publish as spam… */
  aiSpamCheck: z.optional(yesNo),
  /** …and as abuse (Llama Guard). */
  aiAbuseCheck: z.optional(yesNo),
  /** How long a post may wait for the classification; 0 classifies after the comment is stored. */
  aiTimeBudgetMs: z.optional(whole(0, 3000)),
  /** With no answer within the budget: keep the rules' decision (re-checked when the answer comes), or hold. */
  aiWhenLate: z.optional(choice(["rules", "hold"] as const)),
  /** The spam model's confidence from which a comment is held. */
  aiSpamThreshold: z.optional(
    z.number("Give a number from 0.5 to 1.").check(z.minimum(0.5, "Give a number from 0.5 to 1."), z.maximum(1, "Give a number from 0.5 to 1.")),
  ),
  /** The sites whose pages may embed comments (the widget) and read counts: exact origins; none turns embedding off. */
  allowedOrigins: z.optional(
    z.pipe(
      z.array(origin, "Give a list of origins.").check(z.maxLength(100, "At most 100 sites.")),
      z.transform((list: string[]) => [...new Set(list)]),
    ),
  ),
});

export type DiscussionPatch = z.output<typeof discussionPatch>;
export type DiscussionSettings = { [K in keyof DiscussionPatch]-?: Exclude<DiscussionPatch[K], undefined> };
export type DiscussionSetting = keyof DiscussionSettings;

/** The settings an article page's rendering follows: changing one re-renders every article page. */
export const ARTICLE_PAGE_SETTINGS = ["closeCommentsAfterDays", "defaultCommentsPage", "commentOrder"] as const satisfies DiscussionSetting[];

/** The vars a fresh database's settings start from: `COMMENT_MODERATION`, `NOTIFY_ON_COMMENT`, `NOTIFY_ON_HELD`, `NOTIFY_EMAILS` and `EMBED_ORIGINS`. */
export type DiscussionDefaults = Pick<Settings, "moderation" | "ownerNotifications" | "embedOrigins">;

/** Today's behaviour, WordPress's defaults: what a fresh database runs with (moderation and the owner's notifications from the vars). */
export const defaultDiscussion = ({ moderation, ownerNotifications, embedOrigins }: DiscussionDefaults): DiscussionSettings => ({
  commentsOpenByDefault: true,
  closeCommentsAfterDays: 0,
  moderation,
  maxLinks: 2,
  moderationKeys: [],
  disallowedKeys: [],
  threadDepth: MAX_THREAD_DEPTH,
  commentsPerPage: COMMENTS_PER_PAGE,
  defaultCommentsPage: "newest",
  commentOrder: "oldest-first",
  ...ownerNotifications,
  aiSpamCheck: true,
  aiAbuseCheck: true,
  aiTimeBudgetMs: 300,
  aiWhenLate: "rules",
  aiSpamThreshold: 0.8,
  allowedOrigins: embedOrigins,
});

/**
 * The settings in effect: each stored value that is still valid, the default
 * for the rest (a value stored by an older version and no longer accepted
 * can't break the site).
 */
export function resolveDiscussion(stored: readonly { name: string; value: unknown }[], defaults: DiscussionSettings): DiscussionSettings {
  const settings = { ...defaults };
  for (const { name, value } of stored) {
    const field = discussionPatch.shape[name as DiscussionSetting];
    const parsed = field?.safeParse(value);
    if (parsed?.success && parsed.data !== undefined) Object.assign(settings, { [name]: parsed.data });
  }
  return settings;
}

const DAY_MS = 86_400_000;

/** When comments on an article close with its age (the owner's `closeCommentsAfterDays`), if they do. */
export function commentsClosingAt(article: { publishedAt: Date }, settings: Pick<DiscussionSettings, "closeCommentsAfterDays">): Date | undefined {
  const days = settings.closeCommentsAfterDays;
  return days === 0 ? undefined : new Date(article.publishedAt.getTime() + days * DAY_MS);
}

/** Whether an article takes new comments: open, and not past the age the owner closes comments at. */
export function commentsOpen(
  article: { commentStatus: ArticleCommentStatus; publishedAt: Date },
  settings: Pick<DiscussionSettings, "closeCommentsAfterDays">,
  now: Date,
): boolean {
  if (article.commentStatus === "closed") return false;
  const closing = commentsClosingAt(article, settings);
  return closing === undefined || now.getTime() <= closing.getTime();
}

/** What a comment's moderation and disallowed keys are matched against: its fields as sent, before the email and address are hashed. */
export interface KeyedFields {
  author: string;
  email: string;
  url: string | null;
  body: string;
  /** The client's address as Cloudflare gave it (empty when unknown). */
  address: string;
}

// Case and Unicode form don't matter, and invisible characters can't split a word to slip past a key.
const fold = (value: string) => withoutInvisible(value.normalize("NFKC")).toLowerCase();

/**
 * The first of `keys` found in any of the comment's fields, as WordPress
 * matches them: case-insensitively and anywhere, inside words too ("press"
 * matches "WordPress").
 */
export function matchedKey(keys: readonly string[], fields: KeyedFields): string | undefined {
  if (keys.length === 0) return undefined;
  const haystacks = [fields.author, fields.email, fields.url ?? "", fields.body, fields.address].map(fold);
  return keys.find((key) => {
    const needle = fold(key);
    return needle !== "" && haystacks.some((haystack) => haystack.includes(needle));
  });
}
