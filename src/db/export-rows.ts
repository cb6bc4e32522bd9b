import { asc, eq, gt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Database } from "./client.ts";
import { articles, comments, formerSlugs, media } from "./schema.ts";

/** Articles of any status, in id order, after the keyset cursor, each with its old slugs (a JSON array, in slug order). */
export function articlesForExport(db: Database, afterId: number, limit: number) {
  const oldSlugs = sql<string>`(SELECT json_group_array(slug) FROM (SELECT ${formerSlugs.slug} AS slug FROM ${formerSlugs} WHERE ${formerSlugs.articleId} = ${articles.id} ORDER BY 1))`;
  return db.select({ article: articles, formerSlugs: oldSlugs }).from(articles).where(gt(articles.id, afterId)).orderBy(asc(articles.id)).limit(limit);
}

/** Comments of any status, in id order, with their article's and parent's guids. */
export function commentsForExport(db: Database, afterId: number, limit: number) {
  const parent = alias(comments, "parent");
  return db
    .select({ comment: comments, articleGuid: articles.guid, parentGuid: parent.guid })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .leftJoin(parent, eq(parent.id, comments.parentId))
    .where(gt(comments.id, afterId))
    .orderBy(asc(comments.id))
    .limit(limit);
}

/** Media library records in key order, after the keyset cursor. */
export function mediaForExport(db: Database, afterKey: string, limit: number) {
  return db.select().from(media).where(gt(media.key, afterKey)).orderBy(asc(media.key)).limit(limit);
}
