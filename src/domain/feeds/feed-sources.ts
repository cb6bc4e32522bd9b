import { type Taxonomy, TERM_BASE, taxonomies, termPath } from "../articles/terms.ts";
import { articlePath, threadPath } from "../site.ts";
import { outsideSlug, threadIdOfSlug } from "../thread-ids.ts";
import { COMMENTS_PATH } from "./comment-feed.ts";
import { FEED_FILE, type FeedFormat } from "./feed-files.ts";

/** What a feed is of: the site's articles, a section's or tag's, all comments, or one article's (or outside thread's, by its `thread:` slug) comments. */
export type FeedSource =
  | { kind: "articles" }
  | { kind: "comments" }
  | { kind: "article-comments"; slug: string }
  | { kind: "term"; taxonomy: Taxonomy; slug: string };

/** The path a source's three feeds live under ("" for the site's article feeds). */
export function feedBase(source: FeedSource): string {
  if (source.kind === "articles") return "";
  if (source.kind === "comments") return COMMENTS_PATH;
  if (source.kind === "term") return termPath(source);
  const threadId = threadIdOfSlug(source.slug);
  return threadId === undefined ? articlePath(source.slug) : threadPath(threadId);
}

const FORMAT_OF_FILE = new Map<string, FeedFormat>(Object.entries(FEED_FILE).map(([format, file]) => [file, format as FeedFormat]));
const TAXONOMY_OF_BASE = new Map<string, Taxonomy>(taxonomies.map((taxonomy) => [TERM_BASE[taxonomy], taxonomy]));

/** The feed a URL path names (e.g. `/sections/news/feed.atom`), spelled exactly as `feedBase` does; undefined for any other path. */
export function parseFeedPath(path: string): { source: FeedSource; format: FeedFormat } | undefined {
  const cut = path.lastIndexOf("/");
  const format = FORMAT_OF_FILE.get(path.slice(cut + 1));
  const prefix = path.slice(0, cut);
  const [, base = "", encodedSlug = ""] = /^(\/[a-z]+)\/([^/]+)$/.exec(prefix) ?? [];
  let slug: string;
  try {
    slug = decodeURIComponent(encodedSlug);
  } catch {
    return undefined;
  }
  const taxonomy = TAXONOMY_OF_BASE.get(base);
  const source: FeedSource | undefined =
    prefix === ""
      ? { kind: "articles" }
      : prefix === COMMENTS_PATH
        ? { kind: "comments" }
        : base === "/articles"
          ? { kind: "article-comments", slug }
          : base === "/threads"
            ? { kind: "article-comments", slug: outsideSlug(slug) }
            : taxonomy && { kind: "term", taxonomy, slug };
  return format && source && feedBase(source) === prefix ? { source, format } : undefined;
}
