import { and, asc, eq, gt, lte } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Database } from "./client.ts";
import { articles, comments, formerSlugs, media } from "./schema.ts";

/** Articles of any status, in id order, after the keyset cursor. */
export function articlesForExport(db: Database, afterId: number, limit: number) {
  return db.select().from(articles).where(gt(articles.id, afterId)).orderBy(asc(articles.id)).limit(limit);
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

/** The old slugs of the articles with ids in `(afterId, lastId]`, in slug order. */
export function formerSlugsForExport(db: Database, afterId: number, lastId: number) {
  return db
    .select({ slug: formerSlugs.slug, articleId: formerSlugs.articleId })
    .from(formerSlugs)
    .where(and(gt(formerSlugs.articleId, afterId), lte(formerSlugs.articleId, lastId)))
    .orderBy(asc(formerSlugs.slug));
}

/** Media library records in key order, after the keyset cursor. */
export function mediaForExport(db: Database, afterKey: string, limit: number) {
  return db.select().from(media).where(gt(media.key, afterKey)).orderBy(asc(media.key)).limit(limit);
}
