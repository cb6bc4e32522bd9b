import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { IncomingArticle } from "../domain/articles/article.ts";
import { COMMENT_PAGE_CHARACTERS, COMMENTS_PER_PAGE, type CommentStatus, MAX_THREAD_DEPTH } from "../domain/comments/comment.ts";
import { articleIdWhere, CONTENT_FROM_INSERT } from "./articles.ts";
import type { AnyDatabase } from "./client.ts";
import { approvedCommentCount } from "./comments.ts";
import { newArticleCommentStatus } from "./discussion-settings.ts";
import { bumpAllVersions } from "./rendered-responses.ts";
import { articles, comments, formerSlugs } from "./schema.ts";
import { setArticleTerms } from "./term-rows.ts";

/** A comment arriving from another system, its email already encrypted and hashed. */
export interface IncomingComment {
  /** Its id on the site it comes from, when that is kept (an export); otherwise the database assigns one. */
  id?: number | undefined;
  guid: string;
  articleGuid: string;
  parentGuid: string | null;
  author: string;
  emailEncrypted: string;
  emailHash: string;
  url: string | null;
  body: string;
  bodyHtml: string;
  bodyHash: string;
  status: CommentStatus;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Inserts or updates an article by guid, with its section and tags when it
 * names them: importing the same file again changes nothing new. A change of
 * terms keeps the article's own `updatedAt`.
 */
export async function upsertIncomingArticle(db: AnyDatabase, article: IncomingArticle, now: Date) {
  const { terms, ...content } = article;
  const values = {
    ...content,
    source: article.source ?? null,
    author: article.author ?? null,
    featuredImage: article.featuredImage ?? null,
    status: article.status ?? "published",
    updatedAt: article.updatedAt ?? now,
    wpPostId: article.wpPostId ?? null,
    kind: article.kind ?? "article",
    pageUrl: article.pageUrl ?? null,
    commentStatus: newArticleCommentStatus,
  };
  // `excluded.*` rather than the values again: each statement carries the body once,
  // keeping it under D1's statement size for long posts.
  await db
    .insert(articles)
    .values(values)
    .onConflictDoUpdate({
      target: articles.guid,
      set: {
        ...CONTENT_FROM_INSERT,
        author: sql`excluded.author`,
        featuredImage: sql`excluded.featured_image`,
        status: sql`excluded.status`,
        publishedAt: sql`excluded.published_at`,
        updatedAt: sql`excluded.updated_at`,
        wpPostId: sql`excluded.wp_post_id`,
        kind: sql`excluded.kind`,
        pageUrl: sql`excluded.page_url`,
      },
    });
  if (terms === undefined) return;
  // One at a time: the importers' statement recorder runs no batches.
  for (const statement of setArticleTerms(db, articleIdWhere(eq(articles.guid, article.guid)), terms, values.updatedAt)) await statement;
}

/**
 * Inserts a comment unless one with its guid exists (so an interrupted import
 * can simply run again); a kept id taken by another comment is an error, never
 * a silent skip. Its article and parent are found by guid, and its
 * thread position follows from the parent's, capped at five levels like new
 * comments. A parent not yet imported leaves the comment top-level.
 */
export function insertIncomingComment(db: AnyDatabase, comment: IncomingComment) {
  const parent = alias(comments, "parent");
  return db
    .insert(comments)
    .select(
      db
        // Drizzle wants every column, in the table's order.
        .select({
          id: sql<number>`${comment.id ?? null}`.as("id"),
          guid: sql<string>`${comment.guid}`.as("guid"),
          articleId: articles.id,
          parentId: sql<number | null>`CASE WHEN ${parent.depth} >= ${MAX_THREAD_DEPTH} THEN ${parent.parentId} ELSE ${parent.id} END`.as("parent_id"),
          rootId: sql<number | null>`coalesce(${parent.rootId}, ${parent.id})`.as("root_id"),
          depth: sql<number>`min(coalesce(${parent.depth}, 0) + 1, ${MAX_THREAD_DEPTH})`.as("depth"),
          // Put on a page by settleImport, once every comment is in.
          page: sql<null>`NULL`.as("page"),
          author: sql<string>`${comment.author}`.as("author"),
          emailEncrypted: sql<string>`${comment.emailEncrypted}`.as("email_encrypted"),
          emailHash: sql<string>`${comment.emailHash}`.as("email_hash"),
          ipHash: sql<null>`NULL`.as("ip_hash"),
          url: sql<string | null>`${comment.url}`.as("url"),
          body: sql<string>`${comment.body}`.as("body"),
          bodyHtml: sql<string>`${comment.bodyHtml}`.as("body_html"),
          bodyHash: sql<string>`${comment.bodyHash}`.as("body_hash"),
          status: sql<CommentStatus>`${comment.status}`.as("status"),
          moderation: sql<null>`NULL`.as("moderation"),
          createdAt: sql<Date>`${comment.createdAt.getTime()}`.as("created_at"),
          updatedAt: sql<Date>`${comment.updatedAt.getTime()}`.as("updated_at"),
        })
        .from(articles)
        .leftJoin(parent, eq(parent.guid, comment.parentGuid ?? ""))
        .where(eq(articles.guid, comment.articleGuid)),
    )
    .onConflictDoNothing({ target: comments.guid });
}

/**
 * Puts approved comments that have no comment page yet (imported ones) on
 * pages after each article's newest, thread by thread in id order, as many to
 * a page as a page takes (see `placement`).
 */
export function placeUnplacedComments(db: AnyDatabase) {
  return db.run(sql`UPDATE ${comments} SET page = placed.page FROM (
    SELECT unplaced.id, coalesce(newest.page, 0) + 1 + max(
      CAST((row_number() OVER thread_order - 1) / ${COMMENTS_PER_PAGE} AS INTEGER),
      CAST(coalesce(sum(length(unplaced.body_html)) OVER (thread_order ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / ${COMMENT_PAGE_CHARACTERS} AS INTEGER)
    ) AS page
    FROM ${comments} AS unplaced
    LEFT JOIN (SELECT article_id, max(page) AS page FROM ${comments} WHERE status = 'approved' GROUP BY article_id) AS newest ON newest.article_id = unplaced.article_id
    WHERE unplaced.status = 'approved' AND unplaced.page IS NULL
    WINDOW thread_order AS (PARTITION BY unplaced.article_id ORDER BY coalesce(unplaced.root_id, unplaced.id), unplaced.id)
  ) AS placed WHERE ${comments.id} = placed.id`);
}

/**
 * After an import (which writes around the Worker's own write paths): every
 * approved comment on a page, every article's approved-comment count
 * recounted, and every rendered response invalidated.
 */
export async function settleImport(db: AnyDatabase, now = new Date()) {
  await placeUnplacedComments(db);
  await db.update(articles).set({ commentCount: approvedCommentCount(sql`${articles.id}`), commentsChangedAt: now });
  await bumpAllVersions(db);
}

/** An article's old slug, so its old address keeps redirecting (a slug another article had before is taken over). */
export function importFormerSlug(db: AnyDatabase, articleGuid: string, slug: string, now: Date) {
  return db
    .insert(formerSlugs)
    .select(
      db
        .select({ slug: sql<string>`${slug}`.as("slug"), articleId: articles.id, createdAt: sql<number>`${now.getTime()}`.as("created_at") })
        .from(articles)
        .where(eq(articles.guid, articleGuid)),
    )
    .onConflictDoUpdate({ target: formerSlugs.slug, set: { articleId: sql`excluded.article_id` } });
}
