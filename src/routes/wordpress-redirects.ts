import { type Context, Hono } from "hono";
import { publishedArticleBySlug, slugForWordPressPost } from "../db/articles.ts";
import { slugify } from "../domain/articles/slugify.ts";
import { termPath } from "../domain/articles/terms.ts";
import { FEED_FILE } from "../domain/feeds/feed-files.ts";
import { articlePath } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";

/**
 * A site moved from WordPress keeps its old links and feed subscriptions:
 * permalinks, `?p=<id>` and feed URLs answer 301 to their wirepost address.
 * Mounted after every other route, so it only sees paths nothing else claims.
 */
export const wordpressRedirects = new Hono<AppEnv>();

async function toArticle(c: Context<AppEnv>, slug: string, suffix = "") {
  const article = await publishedArticleBySlug(c.var.db, slug);
  if (!article) throw notFound();
  return c.redirect(`${articlePath(article.slug)}${suffix}`, 301);
}

/** `/?p=<id>`: WordPress's default permalink. */
export async function redirectWordPressPostId(c: Context<AppEnv>, postId: string) {
  const id = Number(postId);
  const slug = Number.isSafeInteger(id) && id > 0 ? await slugForWordPressPost(c.var.db, id) : undefined;
  if (!slug) throw notFound();
  return c.redirect(articlePath(slug), 301);
}

// Category and tag archives, and their feeds, as the section's or tag's own (slugs are made the way imports make them).
for (const [wordpress, taxonomy] of [
  ["category", "section"],
  ["tag", "tag"],
] as const) {
  const to = (c: Context<AppEnv>, suffix = "") => c.redirect(`${termPath({ taxonomy, slug: slugify(c.req.param("slug") ?? "") })}${suffix}`, 301);
  wordpressRedirects.get(`/${wordpress}/:slug/feed/`, (c) => to(c, `/${FEED_FILE.rss}`));
  wordpressRedirects.get(`/${wordpress}/:slug/`, (c) => to(c));
  wordpressRedirects.get(`/${wordpress}/:slug`, (c) => to(c));
}
wordpressRedirects.get("/feed/", (c) => c.redirect("/feed.xml", 301));
wordpressRedirects.get("/comments/feed/", (c) => c.redirect("/comments/feed.xml", 301));
wordpressRedirects.get("/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug/feed/", (c) => toArticle(c, c.req.param("slug"), "/feed.xml"));
wordpressRedirects.get("/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug/", (c) => toArticle(c, c.req.param("slug")));
wordpressRedirects.get("/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug", (c) => toArticle(c, c.req.param("slug")));
wordpressRedirects.get("/:slug/feed/", (c) => toArticle(c, c.req.param("slug"), "/feed.xml"));
wordpressRedirects.get("/:slug{[a-z0-9-]+}/", (c) => toArticle(c, c.req.param("slug")));
