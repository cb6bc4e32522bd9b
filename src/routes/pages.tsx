import { Hono } from "hono";
import * as z from "zod/mini";
import { articleListData } from "../db/articles.ts";
import { ARTICLES_TAG } from "../domain/cache-tags.ts";
import { canonicalArticleQuery, isHeldCommentView } from "../domain/canonical-urls.ts";
import { siteFeedUrls } from "../domain/feeds/article-feed.ts";
import { articlePath } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { articlePageResponse } from "../http/article-page-response.tsx";
import { canonicalUrl } from "../http/canonical.ts";
import { markPublic } from "../http/edge-cache.ts";
import { HTML, renderDocument } from "../http/render.ts";
import { bytesOf, renderOnce } from "../http/render-once.ts";
import { validated } from "../http/validate.ts";
import { heldCommentLink } from "../services/moderation-link.ts";
import { HomePage } from "../views/home-page.tsx";
import { redirectWordPressPostId } from "./wordpress-redirects.ts";

/** Reader-facing HTML: the front page and article pages. */
export const pages = new Hono<AppEnv>();

const query = (c: { req: { url: string } }) => new URL(c.req.url).searchParams;

// `/?p=<id>` is WordPress's permalink; any other query string is dropped.
pages.get(
  "/",
  canonicalUrl((c) => (query(c).has("p") ? undefined : "/")),
  async (c) => {
    const wordpressPostId = c.req.query("p");
    if (wordpressPostId !== undefined) return redirectWordPressPostId(c, wordpressPostId);
    const { site } = c.var;
    const served = await renderOnce(c, async () => {
      const { articles, nextScheduledAt, version } = await articleListData(c.var.db);
      const page = <HomePage site={site} articles={articles} feeds={{ title: site.title, ...siteFeedUrls(site) }} />;
      return { tag: ARTICLES_TAG, version, body: await renderDocument(page), expiresAt: nextScheduledAt };
    });
    const response = c.body(bytesOf(served), 200, { "Content-Type": HTML, ETag: served.etag });
    markPublic(response.headers, "page", [served.tag], served.expiresAt);
    return response;
  },
);

// Lenient on purpose (canonical URLs are already clean): a mangled held-comment link still shows the article.
const positiveInt = z.pipe(z.coerce.number(), z.int().check(z.positive()));
const articlePageQuery = z.object({
  cpage: z.catch(z.optional(positiveInt), undefined),
  replyto: z.catch(z.optional(positiveInt), undefined),
  unapproved: z.catch(z.optional(z.string()), undefined),
  "moderation-hash": z.catch(z.optional(z.string()), undefined),
});

pages.get(
  "/articles/:slug",
  canonicalUrl((c) => (isHeldCommentView(query(c)) ? undefined : `${articlePath(c.req.param("slug")!)}${canonicalArticleQuery(query(c))}`)),
  validated("query", articlePageQuery),
  async (c) => {
    const { cpage, replyto, unapproved, "moderation-hash": hash } = c.req.valid("query");
    return articlePageResponse(c, {
      slug: c.req.param("slug"),
      page: cpage ?? null,
      replyToId: replyto ?? null,
      held: heldCommentLink(unapproved, hash),
      privateView: unapproved !== undefined,
    });
  },
);
