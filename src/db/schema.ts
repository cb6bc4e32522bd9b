import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { articleKinds, articleStatuses } from "../domain/articles/article.ts";
import { type RevisionField, revisionSources } from "../domain/articles/editing.ts";
import { type ArticleTerm, taxonomies } from "../domain/articles/terms.ts";
import { commentStatuses } from "../domain/comments/comment.ts";
import { articleCommentStatuses, commenterRuleKinds } from "../domain/comments/discussion.ts";
import type { ModerationNote } from "../domain/comments/moderation.ts";
import { type FeaturedImage, imageTypes } from "../domain/media/media-keys.ts";
import { subscriptionKinds } from "../domain/notifications/jobs.ts";

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
    /** The byline, e.g. "Jane Doe"; null: none. */
    author: text(),
    /** The featured image: a copy of its media record (stored images never change). */
    featuredImage: text("featured_image", { mode: "json" }).$type<FeaturedImage>(),
    /** WordPress's per-post `comment_status`: new articles take the site's default (see newArticleCommentStatus). */
    commentStatus: text("comment_status", { enum: articleCommentStatuses }).notNull().default("open"),
    /**
     * The article's section and tags (from `article_terms`), copied here as
     * JSON with every write that changes them, so pages and feeds read them
     * without a join.
     */
    termsJson: text("terms_json", { mode: "json" }).$type<ArticleTerm[]>().notNull().default(sql`'[]'`),
    /** An article of ours, or an outside page's thread (its slug is `thread:<thread id>`, see src/domain/thread-ids.ts). */
    kind: text({ enum: articleKinds }).notNull().default("article"),
    /** An outside thread's page, as its host page gave it (null for an article): where its comments are read. */
    pageUrl: text("page_url"),
  },
  (table) => [
    index("articles_status_published_idx").on(table.status, table.publishedAt),
    // Outside threads (never published) apart: what may be commented on is the published articles' range and this one.
    index("articles_kind_idx").on(table.kind),
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
    /** 1 for a top-level comment, at most THREAD_DEPTH_LIMIT. */
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
    /** Why a new comment was held, filed as spam or trashed (a rule, or the model's label and score), for the moderator only. */
    moderation: text({ mode: "json" }).$type<ModerationNote>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    // Every index is one more B-tree page written by each new comment (the hottest write): each here is one a query needs,
    // and a partial one leaves out the rows no query looks for in it (a comment not on a page, a top-level comment).
    index("comments_article_status_id_idx").on(table.articleId, table.status, table.id),
    // A comment page, the newest page and the pages either side: each an index seek (queries name `page`, so it is not null).
    index("comments_article_page_idx").on(table.articleId, table.status, table.page).where(sql`page IS NOT NULL`),
    index("comments_status_id_idx").on(table.status, table.id),
    index("comments_article_id_idx").on(table.articleId, table.id),
    // Deleting a comment checks the parent_id foreign key (and re-parents replies).
    index("comments_parent_idx").on(table.parentId).where(sql`parent_id IS NOT NULL`),
    // A commenter's comments (flood, "previously approved", privacy requests) and a client's (flood; the daily expiry of its hash).
    index("comments_email_created_idx").on(table.emailHash, table.createdAt),
    index("comments_ip_created_idx").on(table.ipHash, table.createdAt),
    // One comment per article, commenter, body and client address, so double
    // submissions cannot race past the duplicate check; a trashed comment no longer
    // counts. The address is in it because only the client that sent the original
    // is told "duplicate": anyone else's copy is held like any new comment.
    uniqueIndex("comments_duplicate_idx").on(table.articleId, table.emailHash, table.bodyHash, table.ipHash).where(sql`status != 'trash'`),
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
 * valid while `version` is its tag's current version, `build` and `baseUrl`
 * are those of the Worker serving it, and `expires_at` hasn't come.
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
  /**
   * When what it shows changes by the clock alone, with no write to bump its
   * tag (a scheduled article goes live, an article's comments close with
   * age): it is not served from then on. Null: only a write changes it.
   */
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
  body: text().notNull(),
});
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

/** The last versions of each article's title, summary and body, for the desk's history (and restoring one). */
export const articleRevisions = sqliteTable(
  "article_revisions",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    title: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    /** Which of title, summary and body this version changed from the one before. */
    changed: text({ mode: "json" }).$type<RevisionField[]>().notNull(),
    editedVia: text("edited_via", { enum: revisionSources }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("article_revisions_article_idx").on(table.articleId, table.id)],
);

export type ArticleRevision = typeof articleRevisions.$inferSelect;

/** An article's earlier slugs: `/articles/<old>` answers 301 to its current address. */
export const formerSlugs = sqliteTable(
  "former_slugs",
  {
    slug: text().primaryKey(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("former_slugs_article_idx").on(table.articleId)],
);

/** Images uploaded to the media library; the bytes live in R2 under `key`. */
export const media = sqliteTable(
  "media",
  {
    /** `<sha256 of the stored bytes>.<ext>`: the same image is stored once. */
    key: text().primaryKey(),
    type: text({ enum: imageTypes }).notNull(),
    bytes: integer().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    alt: text().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("media_created_idx").on(table.createdAt)],
);

export type Media = typeof media.$inferSelect;

/**
 * The owner's discussion settings, changed at runtime from /admin or the
 * admin API: one row per setting set (a JSON value); a setting without a row
 * takes its default (the vars in wrangler.toml, else WordPress's).
 */
export const discussionSettings = sqliteTable("discussion_settings", {
  name: text().primaryKey(),
  value: text({ mode: "json" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Commenters the owner blocked (their comments go to spam) or trusted (they
 * skip moderation), by keyed hashes only: never a plain email or address.
 * One rule per email hash: blocking a trusted commenter replaces the trust.
 */
export const commenterRules = sqliteTable(
  "commenter_rules",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    kind: text({ enum: commenterRuleKinds }).notNull(),
    emailHash: text("email_hash").notNull().unique(),
    /** A block may cover the client address too (the address hash, an IPv6 client's /64). */
    ipHash: text("ip_hash"),
    /** The name they commented under: trust is for a name and email together, and the owner's list shows it. */
    author: text().notNull(),
    /** The comment the rule was made from. */
    commentId: integer("comment_id").references(() => comments.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("commenter_rules_ip_idx").on(table.ipHash)],
);

export type CommenterRule = typeof commenterRules.$inferSelect;
// Notifications (README, "Notifications").

/**
 * A reader's address for comment notifications, stored as comments store
 * theirs: the keyed hash (for matching, erasure) and the encrypted address.
 * Nothing but one confirmation email goes to it until it is confirmed.
 */
export const subscriberAddresses = sqliteTable(
  "subscriber_addresses",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    emailHash: text("email_hash").notNull().unique(),
    /** AES-256-GCM, its keyed hash as authenticated data. */
    emailEncrypted: text("email_encrypted").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }),
    /** The last confirmation email: at most one per address per 24 hours. */
    confirmationSentAt: integer("confirmation_sent_at", { mode: "timestamp_ms" }),
    /** Keyed hash of the client address that caused it (the per-client limit); cleared after a day. */
    confirmationClient: text("confirmation_client"),
  },
  (table) => [
    index("subscriber_addresses_client_idx").on(table.confirmationClient, table.confirmationSentAt),
    index("subscriber_addresses_unconfirmed_idx").on(table.confirmedAt, table.createdAt),
  ],
);

/** One reader's notifications about one article: replies to their comments, or every new comment. */
export const subscriptions = sqliteTable(
  "subscriptions",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    addressId: integer("address_id")
      .notNull()
      .references(() => subscriberAddresses.id, { onDelete: "cascade" }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    kind: text({ enum: subscriptionKinds }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** The last email: the next waits out the digest window. */
    lastSentAt: integer("last_sent_at", { mode: "timestamp_ms" }),
    /** When the one delivery job scheduled for this subscription is due; null when none is. */
    deliveryDueAt: integer("delivery_due_at", { mode: "timestamp_ms" }),
  },
  (table) => [uniqueIndex("subscriptions_address_article_idx").on(table.addressId, table.articleId), index("subscriptions_article_idx").on(table.articleId)],
);

/** Approved comments a subscription has not been emailed yet: the next email (or digest). */
export const pendingNotifications = sqliteTable(
  "pending_notifications",
  {
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.subscriptionId, table.commentId] }), index("pending_notifications_comment_idx").on(table.commentId)],
);

/** One-time links already used (the owner's moderation links): by nonce, kept until they would have expired. */
export const usedLinks = sqliteTable(
  "used_links",
  {
    nonce: text().primaryKey(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("used_links_expires_idx").on(table.expiresAt)],
);

/** Notification jobs that failed every retry, from the dead-letter queue: counted on /admin, listed and retried by the admin API. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    kind: text().notNull(),
    /** The job as queued: ids and the site's base URL, no reader's address. */
    job: text().notNull(),
    failedAt: integer("failed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("dead_letters_failed_idx").on(table.failedAt)],
);
