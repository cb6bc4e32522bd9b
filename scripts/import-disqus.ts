// Moves comments in from Disqus: `npm run import:disqus -- <export.xml> [--remote] [--dry-run]`.
// Streams Disqus's XML export: each thread becomes an outside page's thread
// (the thread the widget opens on that page), or brings its comments to one
// of our articles when its link is one (on SITE_URL); threads on no site
// allowed to embed comments are refused and reported; posts keep their
// replies, status and authors, emails encrypted and hashed with this site's
// EMAIL_KEY/HASH_KEY. In batches; re-running adds nothing twice. Shows
// progress on stderr, then prints a report (as import:wordpress does).
import { unstable_readConfig } from "wrangler";
import { readDisqus } from "../src/domain/disqus/disqus-xml.ts";
import { normalizeOrigin, originOfUrl } from "../src/domain/thread-ids.ts";
import { importDisqus } from "../src/services/disqus-import.ts";
import { runExportImport } from "./lib/export-import.ts";

// Our own articles' origin: SITE_URL from the environment, else from wrangler.toml.
const { vars } = unstable_readConfig({ config: "wrangler.toml" });
const siteUrl = process.env.SITE_URL || vars.SITE_URL;
const ourOrigin = typeof siteUrl === "string" ? originOfUrl(siteUrl) : undefined;

/**
 * The sites allowed to embed comments, as the Worker sees them: the owner's
 * `allowedOrigins` setting where one is stored, else EMBED_ORIGINS (from the
 * environment, else wrangler.toml). Threads on other sites are refused.
 */
function allowedOrigins(query: <T>(sql: string) => T[]): string[] {
  const [stored] = query<{ value: string }>("SELECT value FROM discussion_settings WHERE name = 'allowedOrigins'");
  const list: unknown = stored ? JSON.parse(stored.value) : String(process.env.EMBED_ORIGINS ?? vars.EMBED_ORIGINS ?? "").split(",");
  return (Array.isArray(list) ? list : []).flatMap((entry) => normalizeOrigin(String(entry)) ?? []);
}

await runExportImport({
  command: "import:disqus",
  title: "Disqus import",
  articles: { label: "threads", existing: "already there (an outside thread or one of our articles)" },
  existingGuids: ["SELECT guid FROM comments"],
  run: (db, text, options, query) =>
    importDisqus(db, readDisqus(text), {
      ...options,
      threads: new Map(query<{ slug: string; guid: string }>("SELECT slug, guid FROM articles").map((row) => [row.slug, row.guid])),
      ourOrigins: ourOrigin ? [ourOrigin] : [],
      allowedOrigins: allowedOrigins(query),
    }),
});
