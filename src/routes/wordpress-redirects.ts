import { type Context, Hono } from "hono";
import { publishedArticleBySlug, slugForWordPressPost } from "../db/articles.ts";
import { slugify } from "../domain/articles/slugs.ts";
import { termPath } from "../domain/articles/terms.ts";
import { ARTICLES_TAG } from "../domain/cache-tags.ts";
import { FEED_FILE } from "../domain/feeds/feed-files.ts";
import { articlePath } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { markPublic, type Shelf } from "../http/edge-cache.ts";
import { notFound } from "../http/errors.ts";

/**
 * A site moved from WordPress keeps its old links and feed subscriptions:
 * permalinks, `?p=<id>` and feed URLs answer 301 to their wirepost address.
 * Mounted after every other route, so it only sees paths nothing else claims.
 */
export const wordpressRedirects = new Hono<AppEnv>();

/** A permanent redirect; one found by looking an article up changes (and is purged) with the article lists. */
function redirect(c: Context<AppEnv>, to: string, shelf: Shelf, tags: string[]) {
  const response = c.redirect(to, 301);
  markPublic(response.headers, shelf, tags);
  return response;
}

async function toArticle(c: Context<AppEnv>, slug: string, suffix = "") {
  const article = await publishedArticleBySlug(c.var.db, slug);
  if (!article) throw notFound();
  return redirect(c, `${articlePath(article.slug)}${suffix}`, "page", [ARTICLES_TAG]);
}

/** `/?p=<id>`: WordPress's default permalink. */
export async function redirectWordPressPostId(c: Context<AppEnv>, postId: string) {
  const id = Number(postId);
  const slug = Number.isSafeInteger(id) && id > 0 ? await slugForWordPressPost(c.var.db, id) : undefined;
  if (!slug) throw notFound();
  return redirect(c, articlePath(slug), "page", [ARTICLES_TAG]);
}

// Category and tag archives, and their feeds, as the section's or tag's own (slugs are made the way imports make them).
for (const [wordpress, taxonomy] of [
  ["category", "section"],
  ["tag", "tag"],
] as const) {
  const to = (c: Context<AppEnv>, suffix = "") => {
    const slug = slugify(c.req.param("slug") ?? "");
    if (!slug) throw notFound(undefined, []);
    return redirect(c, `${termPath({ taxonomy, slug })}${suffix}`, "moved", []);
  };
  wordpressRedirects.get(`/${wordpress}/:slug/feed/`, (c) => to(c, `/${FEED_FILE.rss}`));
  wordpressRedirects.get(`/${wordpress}/:slug/`, (c) => to(c));
  wordpressRedirects.get(`/${wordpress}/:slug`, (c) => to(c));
}
wordpressRedirects.get("/feed/", (c) => redirect(c, "/feed.xml", "moved", []));
wordpressRedirects.get("/comments/feed/", (c) => redirect(c, "/comments/feed.xml", "moved", []));
wordpressRedirects.get("/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug/feed/", (c) => toArticle(c, c.req.param("slug"), "/feed.xml"));
wordpressRedirects.get("/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug/", (c) => toArticle(c, c.req.param("slug")));
wordpressRedirects.get("/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug", (c) => toArticle(c, c.req.param("slug")));
wordpressRedirects.get("/:slug/feed/", (c) => toArticle(c, c.req.param("slug"), "/feed.xml"));
wordpressRedirects.get("/:slug{[a-z0-9-]+}/", (c) => toArticle(c, c.req.param("slug")));
