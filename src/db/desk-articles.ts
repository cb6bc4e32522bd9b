import { and, count, desc, eq, getTableColumns, gt, lt, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { ArticleState } from "../domain/articles/article.ts";
import { type EditableArticle, MAX_REVISIONS, type RevisionField, type RevisionSource } from "../domain/articles/editing.ts";
import { sameTerms } from "../domain/articles/terms.ts";
import { ARTICLE_TAG_PREFIX, type ArticleReach, articleTag, listTags } from "../domain/cache-tags.ts";
import { isArticle, isLive, isScheduled } from "./articles.ts";
import { type Database, DB_NOW } from "./client.ts";
import { newArticleCommentStatus } from "./discussion-settings.ts";
import { bumpVersions } from "./rendered-responses.ts";
import { type Article, articleRevisions, articles, formerSlugs } from "./schema.ts";
import { setArticleTerms } from "./term-rows.ts";

/** An article of any status, by its id or its slug (a query to run or to batch). */
export const articleOfAnyStatus = (db: Database, where: ArticleKey) =>
  db
    .select()
    .from(articles)
    .where(and(isArticle, "id" in where ? eq(articles.id, where.id) : eq(articles.slug, where.slug)))
    .limit(1);

/** How the desk (by id, which never changes) and the API (by slug) name an article. */
export type ArticleKey = { id: number } | { slug: string };

const STATE_CONDITIONS: Record<ArticleState, SQL> = {
  published: isLive,
  scheduled: isScheduled,
  draft: and(isArticle, eq(articles.status, "draft"))!,
  unpublished: and(isArticle, eq(articles.status, "unpublished"))!,
};

const stateOf = sql<ArticleState>`CASE WHEN ${articles.status} = 'published' AND ${articles.publishedAt} > ${DB_NOW} THEN 'scheduled' ELSE ${articles.status} END`;

/** The columns of a listing: everything but the (possibly long) body and its HTML. */
const { body: _body, bodyHtml: _bodyHtml, ...listed } = getTableColumns(articles);
export type ListedArticle = Omit<Article, "body" | "bodyHtml">;

export interface DeskListQuery {
  state?: ArticleState | undefined;
  /** Words of the title, matched anywhere in it (case-insensitively for ASCII). */
  search?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * The owner's article list, newest first, and how many articles each state
 * holds (for the same search), in one round trip. One extra row says whether
 * another page follows.
 */
export async function deskArticleList(db: Database, query: DeskListQuery) {
  // instr, not LIKE: D1 refuses LIKE patterns over 50 bytes, and a search has no wildcards anyway.
  const search = query.search ? sql`instr(lower(${articles.title}), lower(${query.search})) > 0` : undefined;
  const [rows, counts] = await db.batch([
    db
      .select(listed)
      .from(articles)
      .where(and(isArticle, search, query.state ? STATE_CONDITIONS[query.state] : undefined))
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(query.limit + 1)
      .offset(query.offset),
    db.select({ state: stateOf, count: count() }).from(articles).where(and(isArticle, search)).groupBy(stateOf),
  ]);
  const perState: Record<ArticleState, number> = { published: 0, scheduled: 0, draft: 0, unpublished: 0 };
  for (const row of counts) perState[row.state] = row.count;
  return { articles: rows.slice(0, query.limit) as ListedArticle[], hasMore: rows.length > query.limit, counts: perState };
}

/** Slugs already taken, now or as an old address, that start with `base`: a new slug must avoid them. */
export async function slugsLike(db: Database, base: string): Promise<Set<string>> {
  // `base-…` as a range ('.' follows '-'): an index search, and no LIKE (D1 caps its patterns at 50 bytes).
  const matches = (column: typeof articles.slug | typeof formerSlugs.slug) => or(eq(column, base), and(gt(column, `${base}-`), lt(column, `${base}.`)));
  const [current, former] = await db.batch([
    db.select({ slug: articles.slug }).from(articles).where(matches(articles.slug)),
    db.select({ slug: formerSlugs.slug }).from(formerSlugs).where(matches(formerSlugs.slug)),
  ]);
  return new Set([...current, ...former].map((row) => row.slug));
}

/** The live article that used to be at `slug` (its id and current slug), if any (a draft's new address is never given away). */
export async function movedArticle(db: Database, slug: string): Promise<{ id: number; slug: string } | undefined> {
  return db
    .select({ id: articles.id, slug: articles.slug })
    .from(formerSlugs)
    .innerJoin(articles, eq(articles.id, formerSlugs.articleId))
    .where(and(eq(formerSlugs.slug, slug), isLive))
    .get();
}

const articleIdOf = (where: ArticleKey) =>
  "id" in where ? sql`${where.id}` : sql`(SELECT ${articles.id} FROM ${articles} WHERE ${eq(articles.slug, where.slug)})`;

/** An article's revision history, newest first (a query to run or to batch). */
export const revisionsOf = (db: Database, where: ArticleKey) =>
  db
    .select()
    .from(articleRevisions)
    .where(eq(articleRevisions.articleId, articleIdOf(where)))
    .orderBy(desc(articleRevisions.id))
    .limit(MAX_REVISIONS);

/** One version of the article's (a query to run or to batch). */
export const revisionOf = (db: Database, where: ArticleKey, revisionId: number) =>
  db
    .select()
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, articleIdOf(where)), eq(articleRevisions.id, revisionId)))
    .limit(1);

/** A version of the article as stored now, recorded as a revision (only if `guard` holds). */
function recordRevision(db: Database, article: SQL, guard: SQL, changed: RevisionField[], via: RevisionSource, at: SQL | Date) {
  return db.insert(articleRevisions).select(
    db
      // Drizzle wants every column, in the table's order.
      .select({
        id: sql<number>`NULL`.as("id"),
        articleId: articles.id,
        title: articles.title,
        summary: articles.summary,
        body: articles.body,
        changed: sql<string>`${JSON.stringify(changed)}`.as("changed"),
        editedVia: sql<RevisionSource>`${via}`.as("edited_via"),
        createdAt: (at instanceof Date ? sql<number>`${at.getTime()}` : at).as("created_at"),
      })
      .from(articles)
      .where(and(article, guard)),
  );
}

/** Forgets all but the newest MAX_REVISIONS versions of the article. */
const pruneRevisions = (db: Database, articleId: SQL) =>
  db
    .delete(articleRevisions)
    .where(
      and(
        eq(articleRevisions.articleId, articleId),
        notInArray(
          articleRevisions.id,
          db
            .select({ id: articleRevisions.id })
            .from(articleRevisions)
            .where(eq(articleRevisions.articleId, articleId))
            .orderBy(desc(articleRevisions.id))
            .limit(MAX_REVISIONS),
        ),
      ),
    );

export interface ArticleWrite {
  next: EditableArticle & { bodyHtml: string };
  /** Which of title, summary and body changed: a new version for the history when any did. */
  changed: RevisionField[];
  via: RevisionSource;
  now: Date;
  /** What the write changes of what the public sees beyond the article (see `articleReach`); undefined: nothing (a draft). */
  reach: ArticleReach | undefined;
}

/** An old address of the article now at `slug` no longer redirects: the slug is an article's own again. */
const releaseSlug = (db: Database, slug: string, guard: SQL) => db.delete(formerSlugs).where(and(eq(formerSlugs.slug, slug), guard));

/**
 * What an article's write makes stale, when it was or becomes public: its own
 * renderings, and the lists, feeds, sections and tags that name it (see
 * `articleReach`). A statement for the batch that makes the write.
 */
const bumpArticleChange = (db: Database, tag: string | SQL, reach: ArticleReach) => bumpVersions(db, [tag, ...listTags(reach)]);

/**
 * Creates an article with its first version in the history, its section and
 * tags, in one batch (a taken slug or guid throws a unique violation); one
 * created public makes the lists' renderings stale.
 */
export async function insertArticle(db: Database, guid: string, write: ArticleWrite): Promise<Article> {
  const { next, changed, via, now, reach } = write;
  const { terms, ...columns } = next;
  const byGuid = eq(articles.guid, guid);
  const statements: BatchItem<"sqlite">[] = [
    db.insert(articles).values({ ...columns, guid, updatedAt: now, commentStatus: newArticleCommentStatus }),
    recordRevision(db, byGuid, sql`1`, changed, via, now),
    releaseSlug(db, next.slug, sql`1`),
  ];
  const articleId = sql`(SELECT ${articles.id} FROM ${articles} WHERE ${byGuid})`;
  if (terms.length > 0) statements.push(...setArticleTerms(db, articleId, terms, now));
  if (reach) statements.push(bumpArticleChange(db, sql`${ARTICLE_TAG_PREFIX} || ${articleId}`, reach));
  // Read last: the terms' JSON copy is written after the row.
  statements.push(db.select().from(articles).where(byGuid));
  const results = await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return (results.at(-1) as Article[])[0]!;
}

/**
 * Saves an edit in one batch: the article, its new version in the history
 * (after the version it had, if its history starts now), the history pruned,
 * an old slug kept as a redirect, its section and tags, and (if it was or
 * becomes public) the renderings that showed it made stale. Only if the
 * article is still as `before` was read (else undefined: someone saved in
 * between).
 */
export async function updateArticle(db: Database, before: Article, write: ArticleWrite): Promise<Article | undefined> {
  const { next, changed, via, now, reach } = write;
  const { terms, ...columns } = next;
  const byId = eq(articles.id, before.id);
  const articleId = sql`${before.id}`;
  const unchangedSinceRead = eq(articles.updatedAt, before.updatedAt);
  const savedNow = sql`EXISTS (SELECT 1 FROM ${articles} WHERE ${byId} AND ${eq(articles.updatedAt, now)})`;
  const update = db
    .update(articles)
    .set({ ...columns, updatedAt: now })
    .where(and(byId, unchangedSinceRead))
    .returning({ id: articles.id });
  const statements: BatchItem<"sqlite">[] = [];
  if (changed.length > 0) {
    // Before the update: the version the article had, if its history starts with this edit.
    const noHistory = sql`NOT EXISTS (SELECT 1 FROM ${articleRevisions} WHERE ${articleRevisions.articleId} = ${before.id})`;
    statements.push(recordRevision(db, byId, and(unchangedSinceRead, noHistory)!, [], "earlier", sql`${articles.updatedAt}`));
  }
  statements.push(update);
  if (changed.length > 0) statements.push(recordRevision(db, byId, eq(articles.updatedAt, now), changed, via, now), pruneRevisions(db, articleId));
  if (next.slug !== before.slug) {
    statements.push(
      db
        .insert(formerSlugs)
        .select(
          db
            .select({ slug: sql<string>`${before.slug}`.as("slug"), articleId: articles.id, createdAt: sql<number>`${now.getTime()}`.as("created_at") })
            .from(articles)
            .where(and(byId, eq(articles.updatedAt, now))),
        )
        .onConflictDoUpdate({ target: formerSlugs.slug, set: { articleId: sql`excluded.article_id`, createdAt: sql`excluded.created_at` } }),
      releaseSlug(db, next.slug, savedNow),
    );
  }
  // Only if this edit was saved: one that lost the race changes no terms.
  if (!sameTerms(before.termsJson, terms)) statements.push(...setArticleTerms(db, articleId, terms, now, savedNow));
  if (reach) statements.push(bumpArticleChange(db, articleTag(before.id), reach));
  // Read last: the terms' JSON copy is written after the row.
  statements.push(db.select().from(articles).where(byId));
  const results = await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return (results[statements.indexOf(update)] as { id: number }[]).length > 0 ? (results.at(-1) as Article[])[0] : undefined;
}
