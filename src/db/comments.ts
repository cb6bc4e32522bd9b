import { and, asc, eq, getTableColumns, gt, inArray, lt, type Placeholder, type SQL, sql } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ARCHIVES_TAG, ARTICLE_TAG_PREFIX, articleTag, COMMENTS_TAG } from "../domain/cache-tags.ts";
import {
  COMMENT_PAGE_CHARACTERS,
  COMMENTS_PER_PAGE,
  type CommentStatus,
  MAX_COMMENTS_PER_PAGE,
  MIN_COMMENTS_PER_PAGE,
  type PublicCommentRow,
} from "../domain/comments/comment.ts";
import type { CommenterRuleKind } from "../domain/comments/discussion.ts";
import type { ModerationNote } from "../domain/comments/moderation.ts";
import { isCommentable, isScheduled } from "./articles.ts";
import type { Database } from "./client.ts";
import { rulesFor } from "./commenter-rules.ts";
import { compiledQuery, selectedRow } from "./compiled-query.ts";
import { storedDiscussionSettings, storedSetting } from "./discussion-settings.ts";
import { bumpVersions, bumpVersionsOf, versionQuery } from "./rendered-responses.ts";
import { articles, type Comment, commenterRules, comments, discussionSettings, idempotencyKeys, type NewComment } from "./schema.ts";

/** The live article or outside thread at `slug`, as a one-row query to run or to batch with others. */
export const commentableArticle = (db: Database, slug: string) =>
  db
    .select()
    .from(articles)
    .where(and(eq(articles.slug, slug), isCommentable))
    .limit(1);

/** The id of the live article or outside thread at `slug`, as a subquery. */
export const commentableArticleId = (slug: string) => sql`(SELECT ${articles.id} FROM ${articles} WHERE ${articles.slug} = ${slug} AND ${isCommentable})`;

const isApproved = eq(comments.status, "approved");

/** An article's approved comments, counted afresh: what `articles.comment_count` holds after any change. */
export const approvedCommentCount = (articleId: SQL | number) =>
  sql<number>`(SELECT count(*) FROM ${comments} WHERE ${comments.articleId} = ${articleId} AND ${comments.status} = 'approved')`;

/**
 * The owner's `commentsPerPage`, read inside the statement that places a
 * comment (so every way of approving one follows it, with no read first): a
 * value stored outside its range counts as unset, as the settings page sees it.
 */
const commentsPerPage = sql<number>`coalesce((SELECT v FROM (SELECT ${storedSetting("commentsPerPage")} AS v)
  WHERE typeof(v) = 'integer' AND v BETWEEN ${MIN_COMMENTS_PER_PAGE} AND ${MAX_COMMENTS_PER_PAGE}), ${COMMENTS_PER_PAGE})`;

/**
 * The comment page a comment joins when it is approved: the article's newest
 * page while that holds fewer than the owner's `commentsPerPage` comments and
 * COMMENT_PAGE_CHARACTERS of comment HTML, else the next one. Two index
 * seeks and at most a page of rows, however many comments the article has.
 * Pages filled before a change of `commentsPerPage` keep what they hold.
 */
const placement = (articleId: SQL | SQLiteColumn | Placeholder | number) => sql<number>`(
  SELECT CASE
    WHEN newest.page IS NULL THEN 1
    WHEN count(shown.id) < ${commentsPerPage} AND coalesce(sum(length(shown.body_html)), 0) < ${COMMENT_PAGE_CHARACTERS} THEN newest.page
    ELSE newest.page + 1 END
  FROM (SELECT max(latest.page) AS page FROM ${comments} AS latest
    WHERE latest.article_id = ${articleId} AND latest.status = 'approved' AND latest.page IS NOT NULL) AS newest
  LEFT JOIN ${comments} AS shown ON shown.article_id = ${articleId} AND shown.status = 'approved' AND shown.page = newest.page)`;

/** The page of a comment an UPDATE approves: the one it was first shown on, or its article's newest with room. */
export const pageOnApproval = sql<number>`coalesce(${comments.page}, ${placement(comments.articleId)})`;

/** The columns public reads need: never the email's ciphertext or hashes, nor the source text. */
const publicColumns = {
  id: comments.id,
  parentId: comments.parentId,
  depth: comments.depth,
  page: comments.page,
  author: comments.author,
  url: comments.url,
  bodyHtml: comments.bodyHtml,
  createdAt: comments.createdAt,
};

export interface CommentPostQuery {
  slug: string;
  parentId: number | null;
  /** The name given: trust ("previously approved") is for a name and email together, as WordPress does it. */
  author: string;
  emailHash: string;
  ipHash: string;
  bodyHash: string;
  /** Comments created after this, by the same commenter or client, are a flood. */
  floodSince: Date;
  /** A retried request's `Idempotency-Key` (hashed), and since when keys count. */
  idempotency?: { keyHash: string; since: Date } | undefined;
}

const placeholder = (name: string) => sql.placeholder(name);

// What a new comment is checked against, each part an index seek, shared by the read that precedes a write and by the
// INSERT that stores a comment without one (its conditions).
/** Whether the commenter (`emailHash` and `author`, as WordPress has it) had a comment approved before. */
const previouslyApproved = sql<number>`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.emailHash} = ${placeholder("emailHash")}
  AND ${comments.author} = ${placeholder("author")} COLLATE NOCASE AND ${comments.status} = 'approved')`;
/**
 * A copy of the text (`bodyHash`) by the commenter on article `articleId`: a
 * trashed one counts when the disallowed keys trashed it. Sought among the
 * commenter's comments (the unary + keeps SQLite off the article's index: an
 * article may have a hundred thousand).
 */
const copyOn = (
  articleId: SQL | SQLiteColumn | Placeholder,
) => sql`+${comments.articleId} = ${articleId} AND ${comments.emailHash} = ${placeholder("emailHash")}
  AND ${comments.bodyHash} = ${placeholder("bodyHash")} AND (${comments.status} != 'trash' OR json_extract(${comments.moderation}, '$.reason') = 'disallowed_key')`;
/** The owner's stored discussion settings as one JSON array of `[name, value as stored]`: read fresh, and compared with what an isolate saw. */
const storedSettingsJson = (db: Database) => sql<string>`(SELECT json_group_array(json_array(name, value)) FROM (${storedDiscussionSettings(db)}))`;

/** The comment an earlier request with the same idempotency key created, if any (`keyHash`, `since`). */
const replayQuery = compiledQuery<{ keyHash: string; since: number }>((db) =>
  db
    .select({ ...publicColumns, status: idempotencyKeys.status, payloadHash: idempotencyKeys.payloadHash })
    .from(idempotencyKeys)
    .innerJoin(comments, eq(comments.id, idempotencyKeys.commentId))
    .where(and(eq(idempotencyKeys.keyHash, placeholder("keyHash")), gt(idempotencyKeys.createdAt, placeholder("since"))))
    .limit(1),
);

type ReplayRow = Record<string, unknown> & { status: "approved" | "pending"; payload_hash: string | null };
const replayFrom = (row: ReplayRow | undefined) =>
  row && { comment: selectedRow(comments, row) as unknown as PublicCommentRow, status: row.status, payloadHash: row.payload_hash };

export async function replayedComment(db: Database, idempotency: CommentPostQuery["idempotency"]) {
  if (!idempotency) return undefined;
  return replayFrom((await replayQuery(db, { keyHash: idempotency.keyHash, since: idempotency.since.getTime() }).first<ReplayRow>()) ?? undefined);
}

/**
 * Everything a new comment is checked against that a row can say: the live
 * article or outside thread (and whether it takes comments), the parent (approved) if one was
 * named, whether the commenter (name and email) had a comment approved
 * before, whether the same text by the same commenter is already on the
 * article (a trashed copy counts when the disallowed keys trashed it) and
 * whether this very client sent it, the commenter's and the client's
 * latest comments inside the flood interval, the owner's stored settings (a
 * handful of rows) and the commenter rules that may apply. Each part on
 * comments an index seek.
 */
const postContextQuery = compiledQuery<{
  slug: string;
  parentId: number;
  author: string;
  emailHash: string;
  ipHash: string;
  bodyHash: string;
  floodSince: number;
}>((db) => {
  const parent = alias(comments, "parent");
  const emailHash = placeholder("emailHash");
  const ipHash = placeholder("ipHash");
  const latestBy = (column: typeof comments.emailHash | typeof comments.ipHash, hash: ReturnType<typeof placeholder>) =>
    sql<number | null>`(SELECT max(${comments.createdAt}) FROM ${comments} WHERE ${column} = ${hash} AND ${comments.createdAt} > ${placeholder("floodSince")})`;
  return db
    .select({
      articleId: sql<number | null>`${articles.id}`.as("article_id"),
      articleSlug: sql<string>`${articles.slug}`.as("article_slug"),
      articleTitle: sql<string>`${articles.title}`.as("article_title"),
      articleCommentStatus: sql<string>`${articles.commentStatus}`.as("article_comment_status"),
      articlePublishedAt: sql<number>`${articles.publishedAt}`.as("article_published_at"),
      articlePageUrl: sql<string | null>`${articles.pageUrl}`.as("article_page_url"),
      parentId: sql<number | null>`${parent.id}`.as("parent_id"),
      parentArticleId: sql<number>`${parent.articleId}`.as("parent_article_id"),
      parentParentId: sql<number | null>`${parent.parentId}`.as("parent_parent_id"),
      parentRootId: sql<number | null>`${parent.rootId}`.as("parent_root_id"),
      parentDepth: sql<number>`${parent.depth}`.as("parent_depth"),
      previouslyApproved: sql<number>`${previouslyApproved}`.as("previously_approved"),
      // Null: no copy; 1: one sent by this client; 0: only by another.
      duplicateFromThisClient: sql<number | null>`(SELECT ${comments.ipHash} IS ${ipHash} FROM ${comments}
          WHERE ${copyOn(articles.id)} ORDER BY ${comments.ipHash} IS ${ipHash} DESC LIMIT 1)`.as("duplicate_from_this_client"),
      latestByEmail: latestBy(comments.emailHash, emailHash).as("latest_by_email"),
      latestByClient: latestBy(comments.ipHash, ipHash).as("latest_by_client"),
      // The owner's settings (always fresh) and the rules that may apply, as JSON arrays of rows: one statement, not three.
      settings: sql<string>`${storedSettingsJson(db)}`.as("settings"),
      rules: sql<string>`(SELECT json_group_array(json_array(kind, author, email_hash)) FROM (${rulesFor(db, emailHash, ipHash)}))`.as("rules"),
    })
    .from(sql`(SELECT 1)`)
    .leftJoin(articles, and(eq(articles.slug, placeholder("slug")), isCommentable))
    .leftJoin(parent, and(eq(parent.id, placeholder("parentId")), eq(parent.status, "approved")));
});

interface PostContextRow {
  article_id: number | null;
  article_slug: string;
  article_title: string;
  article_comment_status: "open" | "closed";
  article_published_at: number;
  article_page_url: string | null;
  parent_id: number | null;
  parent_article_id: number;
  parent_parent_id: number | null;
  parent_root_id: number | null;
  parent_depth: number;
  previously_approved: number;
  duplicate_from_this_client: number | null;
  latest_by_email: number | null;
  latest_by_client: number | null;
  /** JSON: `[name, value as stored]` per stored discussion setting. */
  settings: string;
  /** JSON: `[kind, author, email hash]` per rule that may apply (its email's, blocks on its client address). */
  rules: string;
}

function postContextFrom(known: D1Result<PostContextRow>, replay: D1Result<ReplayRow> | undefined) {
  const row = known.results[0]!;
  const recent = [row.latest_by_email, row.latest_by_client].filter((at) => at !== null);
  const duplicate = row.duplicate_from_this_client;
  return {
    article:
      row.article_id === null
        ? undefined
        : {
            id: row.article_id,
            slug: row.article_slug,
            title: row.article_title,
            commentStatus: row.article_comment_status,
            publishedAt: new Date(row.article_published_at),
            pageUrl: row.article_page_url,
          },
    parent:
      row.parent_id === null
        ? undefined
        : { id: row.parent_id, articleId: row.parent_article_id, parentId: row.parent_parent_id, rootId: row.parent_root_id, depth: row.parent_depth },
    previouslyApproved: row.previously_approved === 1,
    /** The same text by the same commenter on this article: sent before by this very client, or by another. */
    duplicate: duplicate === null ? undefined : duplicate === 1 ? ("this client" as const) : ("another client" as const),
    /** The latest comment inside the flood interval from this commenter or client, if any. */
    lastRecentPost: recent.length > 0 ? new Date(Math.max(...recent)) : undefined,
    replay: replayFrom(replay?.results[0]),
    /** The stored discussion settings. */
    settings: (JSON.parse(row.settings) as [string, string][]).map(([name, value]) => ({ name, value: discussionSettings.value.mapFromDriverValue(value) })),
    /** The stored settings as read (JSON): what a later post's INSERT checks are still stored. */
    settingsJson: row.settings,
    /** Blocks and trust that may apply: the email's rule, and blocks on the client address. */
    rules: (JSON.parse(row.rules) as [CommenterRuleKind, string, string][]).map(([kind, author, emailHash]) => ({ kind, author, emailHash })),
  };
}

export type CommentPostContext = ReturnType<typeof postContextFrom>;
/** The article or outside thread as a post's read sees it. */
type PostArticle = NonNullable<CommentPostContext["article"]>;

/**
 * Everything a new comment is checked against, read in one round trip and one
 * statement (the owner's settings and rules included, always fresh), with a
 * retried request's earlier comment; built once: this is the hottest write.
 */
export async function commentPostContext(db: Database, query: CommentPostQuery): Promise<CommentPostContext> {
  const { emailHash, ipHash, idempotency } = query;
  const statements = [
    postContextQuery(db, {
      slug: query.slug,
      parentId: query.parentId ?? 0,
      author: query.author,
      emailHash,
      ipHash,
      bodyHash: query.bodyHash,
      floodSince: query.floodSince.getTime(),
    }),
  ];
  if (idempotency) statements.push(replayQuery(db, { keyHash: idempotency.keyHash, since: idempotency.since.getTime() }));
  const [known, replay] = (await (db.$client as D1Database).batch(statements)) as [D1Result<PostContextRow>, D1Result<ReplayRow>?];
  return postContextFrom(known, replay);
}

export type InsertOutcome = { stored: Comment } | { refused: "duplicate" | "flood" };

/** No comment by the same commenter or client came in after `floodSince` (one NOT EXISTS per key, each an index seek). */
const noFlood = sql.join(
  [comments.emailHash, comments.ipHash].map(
    (column) => sql`NOT EXISTS (SELECT 1 FROM ${comments} WHERE ${column} = ${placeholder(column === comments.emailHash ? "emailHash" : "ipHash")}
      AND ${comments.createdAt} > ${placeholder("floodSince")})`,
  ),
  sql` AND `,
);

/**
 * A new comment's row, every value a placeholder named as its column's key
 * unless `computed` gives it, stored only if `conditions` hold and no comment
 * by the same commenter or client came in after `floodSince`: the flood rule
 * re-checked inside the write, so it holds even when requests race. A copy
 * the duplicate index refuses is not stored either.
 */
const storingQuery = (
  computed: Partial<Record<keyof typeof comments.$inferInsert, SQL>>,
  { from, conditions = () => [] }: { from?: SQL; conditions?: (db: Database) => SQL[] } = {},
) =>
  compiledQuery<Record<string, unknown>>((db) => {
    // In the table's column order, as Drizzle lists the INSERT's columns.
    const values = Object.keys(getTableColumns(comments)).map((key) => computed[key as keyof typeof computed] ?? placeholder(key));
    return db
      .insert(comments)
      .select(sql`SELECT ${sql.join(values, sql`, `)} ${from ? sql`FROM ${from}` : sql``} WHERE ${sql.join([noFlood, ...conditions(db)], sql` AND `)}`)
      .onConflictDoNothing()
      .returning();
  });
/** Approved ones are put on a page. */
const insertApproved = storingQuery({ id: sql`NULL`, page: placement(placeholder("articleId")) });
const insertHeld = storingQuery({ id: sql`NULL`, page: sql`NULL` });

/** A block on the commenter's email (`emailHash`) or address (`ipHash`). */
const blockedCommenter = sql`EXISTS (SELECT 1 FROM ${commenterRules} WHERE ${commenterRules.kind} = 'block'
  AND (${commenterRules.emailHash} = ${placeholder("emailHash")} OR ${commenterRules.ipHash} = ${placeholder("ipHash")}))`;
/** Trust in the commenter: their email's rule, under the name given (ASCII case aside, as SQLite's NOCASE goes). */
const trustedCommenter = sql`EXISTS (SELECT 1 FROM ${commenterRules} WHERE ${commenterRules.emailHash} = ${placeholder("emailHash")}
  AND ${commenterRules.kind} = 'trust' AND ${commenterRules.author} = ${placeholder("author")} COLLATE NOCASE)`;

/**
 * Moderation's decision for the comment, as the facts turn out: a blocked
 * commenter (`…IfBlocked`), a trusted one (`…IfTrusted`), one with an
 * approved comment before (`…IfApprovedBefore`), or none of these (`status`
 * and `moderation`), as the row `decided` (its status, then its note).
 */
const decidedByFacts = sql`(SELECT CASE WHEN ${blockedCommenter} THEN 3 WHEN ${trustedCommenter} THEN 2 WHEN ${previouslyApproved} THEN 1 ELSE 0 END AS fact) AS facts
  JOIN (VALUES (0, ${placeholder("status")}, ${placeholder("moderation")}),
    (1, ${placeholder("statusIfApprovedBefore")}, ${placeholder("moderationIfApprovedBefore")}),
    (2, ${placeholder("statusIfTrusted")}, ${placeholder("moderationIfTrusted")}),
    (3, ${placeholder("statusIfBlocked")}, ${placeholder("moderationIfBlocked")})) AS decided ON decided.column1 = facts.fact`;

/**
 * A new comment stored with no read before it, on what this isolate read at
 * its last post on the article: only while the article (`articleId`,
 * `slug`, `commentStatus`, `publishedAt`, `title`, `pageUrl`) and the
 * owner's settings (`settingsJson`) are as read then, and nothing else
 * moderation looks at applies (no copy of the text, no trust for the email
 * under another name, no comment for the idempotency key); moderation's
 * decision for each way the commenter may turn out is given (decidedByFacts).
 */
const insertUnread = storingQuery(
  {
    id: sql`NULL`,
    status: sql`decided.column2`,
    moderation: sql`decided.column3`,
    page: sql`CASE WHEN decided.column2 = 'approved' THEN ${placement(placeholder("articleId"))} END`,
  },
  {
    from: decidedByFacts,
    conditions: (db) => [
      sql`EXISTS (SELECT 1 FROM ${articles} WHERE ${articles.id} = ${placeholder("articleId")} AND ${articles.slug} = ${placeholder("slug")} AND ${isCommentable}
      AND ${articles.commentStatus} = ${placeholder("commentStatus")} AND ${articles.publishedAt} = ${placeholder("publishedAt")}
      AND ${articles.title} = ${placeholder("title")} AND ${articles.pageUrl} IS ${placeholder("pageUrl")})`,
      sql`${storedSettingsJson(db)} = ${placeholder("settingsJson")}`,
      // Trust under another name (or one only JavaScript's case folding matches) is left to the read.
      sql`NOT EXISTS (SELECT 1 FROM ${commenterRules} WHERE ${commenterRules.emailHash} = ${placeholder("emailHash")}
      AND ${commenterRules.kind} = 'trust' AND ${commenterRules.author} != ${placeholder("author")} COLLATE NOCASE)`,
      sql`NOT EXISTS (SELECT 1 FROM ${comments} WHERE ${copyOn(placeholder("articleId"))})`,
      sql`NOT EXISTS (SELECT 1 FROM ${idempotencyKeys} WHERE ${idempotencyKeys.keyHash} = ${placeholder("keyHash")} AND ${idempotencyKeys.createdAt} > ${placeholder("since")})`,
    ],
  },
);

/** Why a comment was not stored: a copy the duplicate index holds (this commenter, text and client on the article), else the flood rule. */
const refusalQuery = compiledQuery<{ articleId: number; emailHash: string; bodyHash: string; ipHash: string }>((db) =>
  db
    .select({
      duplicate: sql<number>`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.articleId} = ${placeholder("articleId")}
        AND ${comments.emailHash} = ${placeholder("emailHash")} AND ${comments.bodyHash} = ${placeholder("bodyHash")}
        AND ${comments.ipHash} = ${placeholder("ipHash")} AND ${comments.status} != 'trash')`.as("duplicate"),
    })
    .from(sql`(SELECT 1)`),
);

/** Remembers an idempotency key (and the request's payload hash) for the comment `guid`, if it survived the checks before it in the batch. */
const keepKeyQuery = compiledQuery<{ keyHash: string; payloadHash: string; createdAt: number; guid: string }>((db) =>
  db
    .insert(idempotencyKeys)
    .select(
      db
        .select({
          keyHash: sql<string>`${placeholder("keyHash")}`.as("key_hash"),
          commentId: comments.id,
          status: sql<"approved" | "pending">`CASE ${comments.status} WHEN 'approved' THEN 'approved' ELSE 'pending' END`.as("status"),
          payloadHash: sql<string>`${placeholder("payloadHash")}`.as("payload_hash"),
          createdAt: sql<Date>`${placeholder("createdAt")}`.as("created_at"),
        })
        .from(comments)
        .where(eq(comments.guid, placeholder("guid"))),
    )
    .onConflictDoNothing(),
);

/**
 * Undoes the comment `guid` if its idempotency key went to another comment: a
 * retry with the same key that raced in from elsewhere (another address, so
 * past the duplicate index). The key's first comment stands.
 */
const keyTakenQuery = compiledQuery<{ guid: string; keyHash: string }>((db) =>
  db
    .delete(comments)
    .where(
      and(
        eq(comments.guid, placeholder("guid")),
        sql`NOT EXISTS (SELECT 1 FROM ${idempotencyKeys} WHERE ${idempotencyKeys.keyHash} = ${placeholder("keyHash")} AND ${idempotencyKeys.commentId} = ${comments.id})`,
      ),
    )
    .returning({ id: comments.id }),
);

/** The comment `guid` was stored, approved, by a statement before this one in the batch. */
const storedApproved = sql`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.guid} = ${placeholder("guid")} AND ${comments.status} = 'approved')`;

/** Counts an approved comment on its article, if it survived the checks before it in the batch. */
const countQuery = compiledQuery<{ articleId: number; createdAt: number; guid: string }>((db) =>
  db
    .update(articles)
    .set({ commentCount: sql`${articles.commentCount} + 1`, commentsChangedAt: sql`${placeholder("createdAt")}` })
    .where(and(eq(articles.id, placeholder("articleId")), storedApproved)),
);

/** Renderings of what shows approved comments are stale once one is stored approved. */
const bumpArticleQuery = compiledQuery<{ articleTag: string; guid: string }>((db) =>
  bumpVersionsOf(db, sql`SELECT column1 FROM (VALUES (${placeholder("articleTag")}), (${COMMENTS_TAG})) WHERE ${storedApproved}`),
);

/** What follows a new comment's INSERT in its batch: its idempotency key kept (or the comment undone), and, when it may be approved, its article's count and cache versions. */
function afterInsert(db: Database, comment: NewComment, mayBeApproved: boolean, idempotency?: { keyHash: string; payloadHash: string }) {
  const createdAt = comment.createdAt.getTime();
  const { guid } = comment;
  const statements: D1PreparedStatement[] = [];
  if (idempotency) {
    const { keyHash, payloadHash } = idempotency;
    statements.push(keepKeyQuery(db, { keyHash, payloadHash, createdAt, guid }), keyTakenQuery(db, { guid, keyHash }));
  }
  if (mayBeApproved) {
    statements.push(
      countQuery(db, { articleId: comment.articleId, createdAt, guid }),
      bumpArticleQuery(db, { articleTag: articleTag(comment.articleId), guid }),
    );
  }
  return statements;
}

/** A new comment's values as D1 stores them, keyed by the schema's names. */
const driverValues = (comment: NewComment) =>
  Object.fromEntries(
    Object.entries(getTableColumns(comments)).map(([key, column]) => {
      const value = comment[key as keyof NewComment];
      return [key, value === undefined || value === null ? null : column.mapToDriverValue(value)];
    }),
  );

/**
 * Stores a comment and keeps the article's count, in one batch (D1's unit of
 * atomicity): one statement for a held comment. The duplicate index and the
 * flood re-check inside the INSERT make both rules exact even when requests
 * race: a comment that loses is never stored (nor is anything after it that
 * names its guid). Built once, as the read.
 */
export async function insertComment(
  db: Database,
  comment: NewComment & { ipHash: string },
  floodSince: Date,
  idempotency?: { keyHash: string; payloadHash: string },
): Promise<InsertOutcome> {
  const approved = comment.status === "approved";
  const statements = [
    (approved ? insertApproved : insertHeld)(db, { ...driverValues(comment), floodSince: floodSince.getTime() }),
    ...afterInsert(db, comment, approved, idempotency),
  ];
  const results = (await (db.$client as D1Database).batch(statements)) as D1Result<Record<string, unknown>>[];
  const row = results[0]!.results[0];
  if (!row) {
    // Only when a request raced this one past the checks: a second round trip says which rule refused it.
    const { articleId, emailHash, bodyHash, ipHash } = comment;
    const refusal = await refusalQuery(db, { articleId, emailHash, bodyHash, ipHash }).first<{ duplicate: number }>();
    return { refused: refusal?.duplicate === 1 ? "duplicate" : "flood" };
  }
  if (idempotency && results[2]!.results.length > 0) return { refused: "duplicate" };
  return { stored: selectedRow(comments, row) as unknown as Comment };
}

/** What an isolate read at its last post on an article, for a post there that reads nothing first (see insertUnread). */
export interface LastRead {
  article: PostArticle;
  /** The stored settings as read then (`settingsJson` of the post's context). */
  settingsJson: string;
}

/** Moderation's decision for a commenter with an approved comment before, a trusted one and a blocked one (the comment's own: for none of these). */
export interface DecisionsByFacts {
  approvedBefore: { status: CommentStatus; note: ModerationNote | null };
  trusted: { status: CommentStatus; note: ModerationNote | null };
  blocked: { status: CommentStatus; note: ModerationNote | null };
}

/**
 * Stores a comment in one round trip, with no read before it: the INSERT
 * itself checks that what moderation decided on (`lastRead`, and that
 * nothing else applies) still holds, and picks `comment`'s decision or, as
 * the commenter turns out to be, one of `decisions`. Undefined when it stored
 * nothing: the caller reads the post's context and goes the usual way.
 */
export async function insertCommentUnread(
  db: Database,
  comment: NewComment & { ipHash: string },
  decisions: DecisionsByFacts,
  lastRead: LastRead,
  query: CommentPostQuery,
  idempotency?: { keyHash: string; payloadHash: string },
): Promise<Comment | undefined> {
  const { article } = lastRead;
  const note = (decision: { note: ModerationNote | null }) => (decision.note === null ? null : comments.moderation.mapToDriverValue(decision.note));
  const values = {
    ...driverValues(comment),
    statusIfApprovedBefore: decisions.approvedBefore.status,
    moderationIfApprovedBefore: note(decisions.approvedBefore),
    statusIfTrusted: decisions.trusted.status,
    moderationIfTrusted: note(decisions.trusted),
    statusIfBlocked: decisions.blocked.status,
    moderationIfBlocked: note(decisions.blocked),
    floodSince: query.floodSince.getTime(),
    slug: query.slug,
    commentStatus: article.commentStatus,
    publishedAt: article.publishedAt.getTime(),
    title: article.title,
    pageUrl: article.pageUrl,
    settingsJson: lastRead.settingsJson,
    // No key: one no comment has.
    keyHash: query.idempotency?.keyHash ?? "",
    since: query.idempotency?.since.getTime() ?? 0,
  };
  const mayBeApproved = [comment, ...Object.values(decisions)].some((decision) => decision.status === "approved");
  const statements = [insertUnread(db, values), ...afterInsert(db, comment, mayBeApproved, idempotency)];
  const results = (await (db.$client as D1Database).batch(statements)) as D1Result<Record<string, unknown>>[];
  const row = results[0]!.results[0];
  const keyTaken = idempotency ? results[2]!.results.length > 0 : false;
  return row && !keyTaken ? (selectedRow(comments, row) as unknown as Comment) : undefined;
}

/** The tag of the article comment `id` is on, as a subquery (null if there is no such comment). */
const tagOfCommentArticle = (id: number) => sql<string>`${ARTICLE_TAG_PREFIX} || (SELECT ${comments.articleId} FROM ${comments} WHERE ${comments.id} = ${id})`;

/**
 * Holds a published comment a classifier flagged after it was stored, noting
 * why (a comment already held, spammed or trashed keeps its status and gains
 * the note); recounts its article. Whether it had been published, and its
 * article, so the caller can purge its pages.
 */
export async function holdFlaggedComment(db: Database, id: number, note: ModerationNote, now: Date) {
  const [before] = await db.batch([
    db.select({ status: comments.status, articleId: comments.articleId }).from(comments).where(eq(comments.id, id)),
    db
      .update(comments)
      .set({ status: sql`CASE ${comments.status} WHEN 'approved' THEN 'pending' ELSE ${comments.status} END`, moderation: note, updatedAt: now })
      .where(eq(comments.id, id)),
    db
      .update(articles)
      .set({ commentCount: approvedCommentCount(sql`${articles.id}`), commentsChangedAt: now })
      .where(sql`${articles.id} = (SELECT ${comments.articleId} FROM ${comments} WHERE ${comments.id} = ${id})`),
    // Comments held or approved late move within the feeds' archive pages too.
    bumpVersions(db, [tagOfCommentArticle(id), COMMENTS_TAG, ARCHIVES_TAG]),
  ]);
  return before[0];
}

/**
 * Changes a comment's status and recounts its article's approved comments. An
 * approved comment keeps the page it was first shown on, or joins the newest.
 */
export async function setCommentStatus(db: Database, id: number, status: CommentStatus, now = new Date()) {
  const [updated] = await db.batch([
    db
      .update(comments)
      .set({ status, page: status === "approved" ? pageOnApproval : comments.page, updatedAt: now })
      .where(eq(comments.id, id))
      .returning(),
    db
      .update(articles)
      .set({ commentCount: approvedCommentCount(sql`${articles.id}`), commentsChangedAt: now })
      .where(sql`${articles.id} = (SELECT ${comments.articleId} FROM ${comments} WHERE ${comments.id} = ${id})`),
    // Comments held or approved late move within the feeds' archive pages too.
    bumpVersions(db, [tagOfCommentArticle(id), COMMENTS_TAG, ARCHIVES_TAG]),
  ]);
  return updated[0];
}

/**
 * An article page's data in one round trip: the article (or when it goes
 * live, if it is scheduled), which comment page
 * it shows (`page`, or for the bare URL the newest, or the first when the
 * owner's `defaultCommentsPage` says "oldest") and the pages either side,
 * that page's approved comments, the ones they reply to that are shown
 * elsewhere, optionally one held (pending) comment to show its author, the
 * stored discussion settings the page follows, and the version of the
 * article's cache tag the data belongs to (read together: a settings change
 * bumps every article's version). Every statement is an index seek or reads
 * at most one page of comments, however many the article has.
 */
export async function articlePageData(db: Database, slug: string, page: number | null, heldQuery: { id: number; since: Date } | null) {
  const articleId = commentableArticleId(slug);
  const isShown = sql`${comments.articleId} = ${articleId} AND ${comments.status} = 'approved'`;
  // `page IS NOT NULL` (max() skips nulls anyway): the page index holds only comments that are on a page.
  const newest = sql`(SELECT max(${comments.page}) FROM ${comments} WHERE ${isShown} AND ${comments.page} IS NOT NULL)`;
  const bare = sql`(CASE WHEN ${storedSetting("defaultCommentsPage")} = 'oldest' THEN 1 ELSE ${newest} END)`;
  const shownPage = page === null ? bare : sql`${page}`;
  const onPage = and(eq(comments.articleId, articleId), isApproved, sql`${comments.page} = ${shownPage}`);
  const replying = alias(comments, "replying");
  const [article, scheduled, pages, shown, repliedTo, held, settings, version] = await db.batch([
    commentableArticle(db, slug),
    db
      .select({ at: articles.publishedAt })
      .from(articles)
      .where(and(eq(articles.slug, slug), isScheduled))
      .limit(1),
    db
      // Aliased: D1 names result columns by their SQL text, and `page` may be `newest`'s.
      .select({
        page: sql<number | null>`${shownPage}`.as("page"),
        newest: sql<number | null>`${newest}`.as("newest"),
        previous: sql<number | null>`(SELECT max(${comments.page}) FROM ${comments} WHERE ${isShown} AND ${comments.page} < ${shownPage})`.as("previous"),
        next: sql<number | null>`(SELECT min(${comments.page}) FROM ${comments} WHERE ${isShown} AND ${comments.page} > ${shownPage})`.as("next"),
      })
      .from(sql`(SELECT 1)`),
    db.select(publicColumns).from(comments).where(onPage),
    db
      .select({ id: comments.id, author: comments.author, page: comments.page })
      .from(comments)
      .where(
        and(
          inArray(
            comments.id,
            db
              .select({ id: replying.parentId })
              .from(replying)
              .where(and(eq(replying.articleId, articleId), eq(replying.status, "approved"), sql`${replying.page} = ${shownPage}`)),
          ),
          isApproved,
        ),
      ),
    db
      .select(publicColumns)
      .from(comments)
      .where(
        and(
          eq(comments.id, heldQuery?.id ?? 0),
          eq(comments.articleId, articleId),
          // Only a comment still waiting: one the filters sent to spam or the trash is shown to nobody (hardening contract).
          eq(comments.status, "pending"),
          gt(comments.createdAt, heldQuery?.since ?? new Date()),
        ),
      )
      .limit(1),
    storedDiscussionSettings(db),
    versionQuery(db, sql`${ARTICLE_TAG_PREFIX} || ${articleId}`),
  ]);
  const { page: shownNumber, newest: newestNumber, previous, next } = pages[0]!;
  return {
    article: article[0],
    /** When the article at `slug`, not live yet, is scheduled to be. */
    liveAt: scheduled[0]?.at,
    page: shownNumber,
    newestPage: newestNumber,
    previousPage: previous,
    nextPage: next,
    /** Oldest first. */
    comments: shown.sort((a, b) => a.id - b.id),
    /** The comments this page's replies answer, when they are shown (here or on another page). */
    repliedTo: new Map(repliedTo.map((row) => [row.id, row])),
    heldComment: held[0],
    settings,
    version: version[0]!.version,
  };
}

/** Approved comments of one article, oldest first, after the keyset cursor (and the version of the article's cache tag). */
export async function approvedCommentsAfter(db: Database, slug: string, afterId: number, limit: number) {
  const [article, page, version] = await db.batch([
    commentableArticle(db, slug),
    db
      .select(publicColumns)
      .from(comments)
      .where(and(eq(comments.articleId, commentableArticleId(slug)), isApproved, gt(comments.id, afterId)))
      .orderBy(asc(comments.id))
      .limit(limit),
    versionQuery(db, sql`${ARTICLE_TAG_PREFIX} || ${commentableArticleId(slug)}`),
  ]);
  return { article: article[0], comments: page, version: version[0]!.version };
}

/** Forgets idempotency keys older than their retention period. */
export function expireIdempotencyKeys(db: Database, before: Date) {
  return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before));
}

/**
 * Forgets client address hashes older than the retention period: a walk of
 * the client index over the hashes still kept (about a retention period's
 * comments, as each day's run clears the older ones).
 */
export function expireIpHashes(db: Database, before: Date) {
  return db
    .update(comments)
    .set({ ipHash: null })
    .where(and(sql`${comments.ipHash} IS NOT NULL`, lt(comments.createdAt, before)));
}
