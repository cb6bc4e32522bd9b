import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { placeUnplacedComments } from "../../src/db/imports.ts";
import { bumpAllVersions } from "../../src/db/rendered-responses.ts";
import { parseArticleFile } from "../../src/domain/articles/source-files.ts";
import { recordingDatabase } from "./sql-recorder.ts";

/** The project's migrations as single statements, in order. */
export function migrationStatements(dir = "migrations"): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .flatMap((name) => readFileSync(join(dir, name), "utf8").split("--> statement-breakpoint"))
    .map((statement) => statement.trim())
    .filter(Boolean);
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
const LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ";

export const LAUNCH_SLUG = "us-pakistan-security-cooperation";
export const BIG_SLUG = "the-hundred-thousand-comment-article";
/** Comments on the 100,000-comment article (in 40,000 threads): its last comment page is ceil(BIG_COMMENTS / page size). */
export const BIG_COMMENTS = 100_000;
const BIG_THREADS = 40_000;
/** 50 threads of 20 replies: what was one comment page of 1,050 comments when pages held 50 threads each. */
export const HEAVY_SLUG = "a-heavy-first-comment-page";
/** The section the 1,000 other articles are in. */
export const BENCH_SECTION = "world";

/**
 * A realistic site, generated in SQL (recursive CTEs) so seeding 100,000
 * comments takes seconds: the launch article with 200 approved comments in
 * 50 threads, 1,000 other articles (the "world" section), one article whose single comment page holds
 * 50 threads of 20 replies (1,050 comments), and one article with 100,000
 * comments (40,000 threads). Comments carry placeholder ciphertexts: reads never decrypt.
 */
export function seedStatements(): string[] {
  const launch = parseArticleFile("launch.txt", readFileSync(`content/${LAUNCH_SLUG}.txt`, "utf8"));
  const now = Date.now();
  const comments = (article: string, first: number, count: number, threads: number) => [
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${threads})
     INSERT INTO comments (guid, article_id, parent_id, root_id, depth, author, email_encrypted, email_hash, ip_hash, url, body, body_html, body_hash, status, created_at, updated_at)
     SELECT printf('c0000000-0000-4000-8000-%012d', ${first} + i), a.id, NULL, NULL, 1, 'Reader ' || i, '1.bench.bench', printf('e%d-%d', a.id, i), NULL, NULL,
       '${LOREM}' || i, '<p>${LOREM}' || i || '</p>', printf('b%d-%d', a.id, i), 'approved', ${now - 86_400_000} + i, ${now - 86_400_000} + i
     FROM n, articles a WHERE a.slug = ${quote(article)}`,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count - threads}),
       top(first) AS (SELECT min(c.id) FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.slug = ${quote(article)})
     INSERT INTO comments (guid, article_id, parent_id, root_id, depth, author, email_encrypted, email_hash, ip_hash, url, body, body_html, body_hash, status, created_at, updated_at)
     SELECT printf('c0000000-0000-4000-9000-%012d', ${first} + i), a.id, top.first + (i % ${threads}), top.first + (i % ${threads}), 2, 'Replier ' || i, '1.bench.bench',
       printf('r%d-%d', a.id, i), NULL, NULL, 'In reply: ${LOREM}' || i, '<p>In reply: ${LOREM}' || i || '</p>', printf('rb%d-%d', a.id, i), 'approved',
       ${now - 43_200_000} + i, ${now - 43_200_000} + i
     FROM n, top, articles a WHERE a.slug = ${quote(article)}`,
    `UPDATE articles SET comment_count = ${count} WHERE slug = ${quote(article)}`,
  ];
  const body = `<p>${LOREM.repeat(5)}</p>`.repeat(8);
  const article = (n: number, slug: string, title: string) =>
    `INSERT INTO articles (guid, slug, title, summary, body, body_html, source, status, published_at, updated_at)
     VALUES ('b0000000-0000-4000-8000-${String(n).padStart(12, "0")}', ${quote(slug)}, ${quote(title)}, 'Very popular.', 'Body', ${quote(body)},
       'example.com', 'published', ${now - 2 * 86_400_000}, ${now})`;
  return [
    `INSERT INTO articles (guid, slug, title, summary, body, body_html, source, status, published_at, updated_at)
     VALUES (${quote(launch.guid)}, ${quote(launch.slug)}, ${quote(launch.title)}, ${quote(launch.summary)}, ${quote(launch.body)}, ${quote(launch.bodyHtml)},
       ${quote(launch.source ?? "")}, 'published', ${launch.publishedAt!.getTime()}, ${now})`,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
     INSERT INTO articles (guid, slug, title, summary, body, body_html, source, status, published_at, updated_at)
     SELECT printf('a0000000-0000-4000-8000-%012d', i), 'article-' || i, 'Article number ' || i, 'Summary of article ' || i, '${LOREM}',
       ${quote(body)}, 'example.com', 'published', ${now - 400 * 86_400_000} + i * 60000, ${now - 400 * 86_400_000} + i * 60000 FROM n`,
    article(1, BIG_SLUG, "An article with 100,000 comments"),
    article(2, HEAVY_SLUG, "An article with a heavy first comment page"),
    // The 1,000 articles are the "world" section's.
    `INSERT INTO terms (taxonomy, slug, name) VALUES ('section', ${quote(BENCH_SECTION)}, 'World')`,
    `INSERT INTO article_terms (article_id, term_id) SELECT a.id, t.id FROM articles a, terms t WHERE a.guid LIKE 'a0000000-%' AND t.slug = ${quote(BENCH_SECTION)}`,
    `UPDATE articles SET terms_json = ${quote(JSON.stringify([{ taxonomy: "section", slug: BENCH_SECTION, name: "World" }]))} WHERE guid LIKE 'a0000000-%'`,
    ...comments(LAUNCH_SLUG, 0, 200, 50),
    ...comments(BIG_SLUG, 1_000_000, BIG_COMMENTS, BIG_THREADS),
    ...comments(HEAVY_SLUG, 2_000_000, 1_050, 50),
  ];
}

/** After seeding in bulk, as after an import: the approved comments put on pages, every version bumped. */
export async function settleStatements(): Promise<string[]> {
  const { db, statements } = recordingDatabase();
  await placeUnplacedComments(db);
  await bumpAllVersions(db);
  return statements;
}

/** The reference Workers' ~20 KB HTML page. */
export const referencePage = () => `<!DOCTYPE html><html><body>${`<p>${LOREM.repeat(3)}</p>\n`.repeat(50)}</body></html>`;

/** The one-query reference Worker's table: the page as one row. */
export function referenceSeedStatements(): string[] {
  return ["CREATE TABLE pages (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", `INSERT INTO pages (id, body) VALUES (1, ${quote(referencePage())})`];
}
