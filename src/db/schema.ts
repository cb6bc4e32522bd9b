import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const articleStatuses = ["published", "unpublished"] as const;

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
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index("articles_status_published_idx").on(table.status, table.publishedAt)],
);

export type Article = typeof articles.$inferSelect;
export type NewArticle = typeof articles.$inferInsert;
