import { and, eq, gt, isNull, or, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ARCHIVES_TAG, ARTICLE_TAG_PREFIX, ARTICLES_TAG, COMMENTS_TAG, TERM_TAG_PREFIX } from "../domain/cache-tags.ts";
import { type AnyDatabase, type Database, DB_NOW } from "./client.ts";
import { compiledQuery } from "./compiled-query.ts";
import { articles, cacheVersions, renderedResponses, terms } from "./schema.ts";

/** A tag's current version, as a scalar subquery to read in the same batch as the data a render uses. */
const versionOf = (tag: string | SQL | SQLiteColumn) =>
  sql<number>`coalesce((SELECT ${cacheVersions.version} FROM ${cacheVersions} WHERE ${cacheVersions.tag} = ${tag}), 0)`;

/** A tag's current version as a one-row query, to batch with the data it versions. */
export const versionQuery = (db: Database, tag: string | SQL) => db.select({ version: versionOf(tag) }).from(sql`(SELECT 1)`);

/**
 * Bumps the version of each tag (a string, or a scalar subquery giving one; a
 * null one is skipped): a statement for the batch that makes the change, so
 * no rendered response of these tags is served again.
 */
export function bumpVersions(db: AnyDatabase, tags: (string | SQL | Placeholder)[]) {
  const rows = sql.join(
    tags.map((tag) => sql`(${tag})`),
    sql`, `,
  );
  return bumpVersionsOf(db, sql`VALUES ${rows}`);
}

/** Bumps the version of each tag a query gives (its one column named `column1`, as VALUES names it). */
export function bumpVersionsOf(db: AnyDatabase, tags: SQL) {
  return db
    .insert(cacheVersions)
    .select(sql`SELECT DISTINCT column1 AS tag, 1 AS version FROM (${tags}) WHERE column1 IS NOT NULL`)
    .onConflictDoUpdate({ target: cacheVersions.tag, set: { version: sql`${cacheVersions.version} + 1` } });
}

/** After an import (which may touch any article): every tag bumped, each article's and each section's and tag's included, so nothing rendered before is served. */
export function bumpAllVersions(db: AnyDatabase) {
  return db.run(
    sql`INSERT INTO ${cacheVersions} (tag, version)
      SELECT ${ARTICLE_TAG_PREFIX} || ${articles.id}, 1 FROM ${articles}
      UNION ALL SELECT ${TERM_TAG_PREFIX} || ${terms.taxonomy} || ':' || ${terms.slug}, 1 FROM ${terms}
      UNION ALL SELECT ${ARTICLES_TAG}, 1 UNION ALL SELECT ${COMMENTS_TAG}, 1 UNION ALL SELECT ${ARCHIVES_TAG}, 1
      ON CONFLICT (tag) DO UPDATE SET version = version + 1`,
  );
}

export interface RenderedResponse {
  etag: string;
  lastModified: Date | null;
  /** When it stops being right by the clock alone (see `renderedResponses.expiresAt`). */
  expiresAt: Date | null;
  body: string;
}

/** Which rendered responses a Worker may serve: rendered by its own build, for its own base URL. */
export interface RenderScope {
  build: string;
  baseUrl: string;
}

const lookup = compiledQuery<{ key: string; build: string; baseUrl: string; knownEtag: string }>((db) =>
  db
    .select({
      tag: renderedResponses.tag,
      etag: renderedResponses.etag,
      lastModified: renderedResponses.lastModified,
      expiresAt: renderedResponses.expiresAt,
      // Not sent again when the caller already holds this rendering.
      body: sql<string | null>`CASE WHEN ${renderedResponses.etag} = ${sql.placeholder("knownEtag")} THEN NULL ELSE ${renderedResponses.body} END`.as("body"),
    })
    .from(renderedResponses)
    .where(
      and(
        eq(renderedResponses.key, sql.placeholder("key")),
        eq(renderedResponses.build, sql.placeholder("build")),
        eq(renderedResponses.baseUrl, sql.placeholder("baseUrl")),
        eq(renderedResponses.version, versionOf(renderedResponses.tag)),
        // By the database's clock, as `isLive` reads scheduled times.
        or(isNull(renderedResponses.expiresAt), gt(renderedResponses.expiresAt, DB_NOW)),
      ),
    ),
);

interface LookedUp {
  tag: string;
  etag: string;
  last_modified: number | null;
  expires_at: number | null;
  body: string | null;
}

/**
 * The response last rendered for `key`, if its tag has not changed since: its
 * body is left out (null) when it is the rendering whose ETag is `knownEtag`.
 */
export async function renderedResponse(
  db: Database,
  key: string,
  scope: RenderScope,
  knownEtag: string,
): Promise<(Omit<RenderedResponse, "body"> & { tag: string; body: string | null }) | undefined> {
  const row = await lookup(db, { key, ...scope, knownEtag }).first<LookedUp>();
  if (!row) return undefined;
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return { tag: row.tag, etag: row.etag, body: row.body, lastModified: date(row.last_modified), expiresAt: date(row.expires_at) };
}

/** Keeps a rendered response, made from the data of `version` of its tag (an older one than current is simply never served). */
export function keepRendered(db: Database, key: string, tag: string, version: number, scope: RenderScope, response: RenderedResponse) {
  const row = { key, tag, version, ...scope, ...response };
  return db.insert(renderedResponses).values(row).onConflictDoUpdate({ target: renderedResponses.key, set: row });
}
