import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { articleStatuses } from "../domain/articles/article.ts";
import { commentStatuses } from "../domain/comments/comment.ts";

export const articles = sqliteTable(
  "articles",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Permanent feed id (a UUID): never changes once set, even if the slug does. */
    guid: text().notNull().unique(),
    slug: text().notNull().unique(),
    title: text().notNull(),
    summary: text().notNull().default(""),
    /** The source text as written (plain text or Markdown). */
    body: text().notNull(),
    /** `body` rendered once at write time; the read path only serves it. */
    bodyHtml: text("body_html").notNull(),
    /** Attribution, e.g. `foreignpolicy.com`. */
    source: text(),
    status: text({ enum: articleStatuses }).notNull().default("published"),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`),
    /** Approved comments, kept with every write that changes it so pages never count rows. */
    commentCount: integer("comment_count").notNull().default(0),
    /** The post's id on the WordPress site it was imported from, so old `/?p=<id>` links still work. */
    wpPostId: integer("wp_post_id"),
    /**
     * When the article's public comments last changed in any way (added,
     * approved, hidden, deleted, erased): comment feeds' Last-Modified, which
     * must never move backwards even when the newest comment goes away.
     */
    commentsChangedAt: integer("comments_changed_at", { mode: "timestamp_ms" }).notNull().default(sql`0`),
  },
  (table) => [
    index("articles_status_published_idx").on(table.status, table.publishedAt),
    index("articles_updated_idx").on(table.updatedAt),
    index("articles_comments_changed_idx").on(table.commentsChangedAt),
    uniqueIndex("articles_wp_post_id_unique").on(table.wpPostId),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Permanent feed id (a UUID), also the authenticated data bound to the encrypted email. */
    guid: text().notNull().unique(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id),
    parentId: integer("parent_id").references((): AnySQLiteColumn => comments.id),
    /** The top-level comment of this thread (null for a top-level comment): pages load whole threads. */
    rootId: integer("root_id"),
    /** 1 for a top-level comment, at most MAX_THREAD_DEPTH. */
    depth: integer().notNull().default(1),
    /**
     * The comment page (`?cpage=`) that shows it, set when it is first
     * approved and kept after (so its permalink stays right): the article's
     * newest page while that has room, else a new one. Null until approved.
     */
    page: integer(),
    author: text().notNull(),
    /** AES-256-GCM ciphertext of the email, never the email itself. */
    emailEncrypted: text("email_encrypted").notNull(),
    /** HMAC of the lower-cased email: matching without storing it. */
    emailHash: text("email_hash").notNull(),
    /** HMAC of the client address, for abuse control; cleared after 30 days. */
    ipHash: text("ip_hash"),
    url: text(),
    body: text().notNull(),
    /** `body` rendered once at write time. */
    bodyHtml: text("body_html").notNull(),
    /** SHA-256 of the normalized body, for duplicate detection. */
    bodyHash: text("body_hash").notNull(),
    status: text({ enum: commentStatuses }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("comments_article_status_id_idx").on(table.articleId, table.status, table.id),
    // A comment page, the newest page and the pages either side: each an index seek.
    index("comments_article_page_idx").on(table.articleId, table.status, table.page),
    index("comments_root_idx").on(table.rootId, table.status, table.id),
    index("comments_status_id_idx").on(table.status, table.id),
    index("comments_article_id_idx").on(table.articleId, table.id),
    // Deleting a comment checks the parent_id foreign key (and re-parents replies).
    index("comments_parent_idx").on(table.parentId),
    index("comments_email_hash_idx").on(table.emailHash, table.status),
    index("comments_email_created_idx").on(table.emailHash, table.createdAt),
    index("comments_ip_created_idx").on(table.ipHash, table.createdAt),
    index("comments_created_idx").on(table.createdAt),
    // One comment per article, commenter and body, so double submissions cannot race
    // past the duplicate check; a trashed comment no longer counts.
    uniqueIndex("comments_duplicate_idx").on(table.articleId, table.emailHash, table.bodyHash).where(sql`status != 'trash'`),
  ],
);

/**
 * One counter per cache tag (see src/domain/cache-tags.ts), bumped in the
 * same batch as every write that changes what the tag's responses show: a
 * rendered response is served from `rendered_responses` only while its tag
 * still has the version it was rendered at.
 */
export const cacheVersions = sqliteTable("cache_versions", {
  tag: text().primaryKey(),
  version: integer().notNull(),
});

/**
 * Public responses as last rendered, so a miss at the edge costs one small
 * read instead of a render: written after a render (off the reader's path),
 * valid while `version` is its tag's current version and `build` and
 * `baseUrl` are those of the Worker serving it.
 */
export const renderedResponses = sqliteTable("rendered_responses", {
  /** The canonical path and query string. */
  key: text().primaryKey(),
  tag: text().notNull(),
  version: integer().notNull(),
  /** The Worker version that rendered it (templates change with the code). */
  build: text().notNull(),
  baseUrl: text("base_url").notNull(),
  etag: text().notNull(),
  /** For feeds: their `Last-Modified`. */
  lastModified: integer("last_modified", { mode: "timestamp_ms" }),
  body: text().notNull(),
});

export type Article = typeof articles.$inferSelect;
export type NewArticle = typeof articles.$inferInsert;
export type Comment = typeof comments.$inferSelect;
export type NewComment = typeof comments.$inferInsert;

/**
 * Comment posts retried with the same `Idempotency-Key`: the key (a keyed
 * hash, scoped to the article) maps to the comment the first request created.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    keyHash: text("key_hash").primaryKey(),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    /** What the first response said: "approved" or "pending". */
    status: text({ enum: ["approved", "pending"] }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("idempotency_keys_created_idx").on(table.createdAt), index("idempotency_keys_comment_idx").on(table.commentId)],
);
