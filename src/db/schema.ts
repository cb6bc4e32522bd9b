import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { articleStatuses } from "../domain/articles/article.ts";
import { type ArticleTerm, taxonomies } from "../domain/articles/terms.ts";
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
    /** The byline, e.g. "Jane Doe"; null: no byline (the site is the publisher). */
    author: text(),
    /**
     * The article's section and tags (from `article_terms`), copied here as
     * JSON with every write that changes them, so pages and feeds read them
     * without a join.
     */
    termsJson: text("terms_json", { mode: "json" }).$type<ArticleTerm[]>().notNull().default(sql`'[]'`),
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
    index("comments_top_level_idx").on(table.articleId, table.status, table.depth, table.id),
    index("comments_root_idx").on(table.rootId, table.status, table.id),
    index("comments_status_id_idx").on(table.status, table.id),
    index("comments_article_id_idx").on(table.articleId, table.id),
    // Deleting a comment checks the parent_id foreign key (and re-parents replies).
    index("comments_parent_idx").on(table.parentId),
    index("comments_email_hash_idx").on(table.emailHash, table.status),
    index("comments_email_created_idx").on(table.emailHash, table.createdAt),
    index("comments_ip_created_idx").on(table.ipHash, table.createdAt),
    index("comments_created_idx").on(table.createdAt),
    // One comment per article, commenter, body and client address, so double
    // submissions cannot race past the duplicate check; a trashed comment no longer
    // counts. The address is in it because only the client that sent the original
    // is told "duplicate": anyone else's copy is held like any new comment.
    uniqueIndex("comments_duplicate_idx").on(table.articleId, table.emailHash, table.bodyHash, table.ipHash).where(sql`status != 'trash'`),
  ],
);

/** Sections and tags (WordPress's categories and tags), each with its page and feeds. */
export const terms = sqliteTable(
  "terms",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    taxonomy: text({ enum: taxonomies }).notNull(),
    slug: text().notNull(),
    /** As first written; later spellings of the same slug keep it. */
    name: text().notNull(),
  },
  (table) => [uniqueIndex("terms_taxonomy_slug_unique").on(table.taxonomy, table.slug)],
);

/** Which articles are in which section or tag (an article has at most one section). */
export const articleTerms = sqliteTable(
  "article_terms",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id),
    termId: integer("term_id")
      .notNull()
      .references(() => terms.id),
  },
  (table) => [primaryKey({ columns: [table.articleId, table.termId] }), index("article_terms_term_idx").on(table.termId, table.articleId)],
);

/** The built-in WebSub hub's subscribers: a callback per feed (topic), until its lease ends. */
export const websubSubscriptions = sqliteTable(
  "websub_subscriptions",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** The feed's absolute URL, as the feed names itself (`rel="self"`). */
    topic: text().notNull(),
    callback: text().notNull(),
    /** The callback's host: subscriptions per host are bounded. */
    callbackHost: text("callback_host").notNull(),
    /** `hub.secret`: deliveries are signed with it (`X-Hub-Signature`). Kept as given, since signing needs it. */
    secret: text(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    uniqueIndex("websub_topic_callback_unique").on(table.topic, table.callback),
    index("websub_host_idx").on(table.callbackHost, table.expiresAt),
    index("websub_expires_idx").on(table.expiresAt),
  ],
);

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
    /** A keyed hash of the first request's fields: the same key with other fields is refused, not replayed. */
    payloadHash: text("payload_hash"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("idempotency_keys_created_idx").on(table.createdAt), index("idempotency_keys_comment_idx").on(table.commentId)],
);

/**
 * The owner's session version: `/admin` session cookies are signed with it,
 * and signing out bumps it, so a stolen or forgotten cookie stops working.
 */
export const adminSessions = sqliteTable("admin_sessions", {
  id: integer().primaryKey(),
  version: integer().notNull().default(0),
});
