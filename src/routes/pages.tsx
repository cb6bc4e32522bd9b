import { Hono } from "hono";
import * as z from "zod/mini";
import { articleListData } from "../db/articles.ts";
import { siteFeedUrls } from "../domain/feeds/article-feed.ts";
import type { AppEnv } from "../env.ts";
import { articlePageResponse } from "../http/article-page-response.tsx";
import { expiresBy } from "../http/cache-expiry.ts";
import { renderPage } from "../http/render.ts";
import { validated } from "../http/validate.ts";
import { heldCommentLink } from "../services/moderation-link.ts";
import { HomePage } from "../views/home-page.tsx";
import { redirectWordPressPostId } from "./wordpress-redirects.ts";

/** Reader-facing HTML: the front page and article pages. */
export const pages = new Hono<AppEnv>();

pages.get("/", async (c) => {
  const wordpressPostId = c.req.query("p");
  if (wordpressPostId !== undefined) return redirectWordPressPostId(c, wordpressPostId);
  const { site } = c.var;
  const { articles, nextScheduledAt } = await articleListData(c.var.db);
  return expiresBy(await renderPage(c, <HomePage site={site} articles={articles} feeds={{ title: site.title, ...siteFeedUrls(site) }} />), nextScheduledAt);
});

// Lenient on purpose: a mangled link still shows the article (page 1, no reply target).
const positiveInt = z.pipe(z.coerce.number(), z.int().check(z.positive()));
const articlePageQuery = z.object({
  cpage: z.catch(positiveInt, 1),
  replyto: z.catch(z.nullable(positiveInt), null),
  unapproved: z.catch(z.optional(z.string()), undefined),
  "moderation-hash": z.catch(z.optional(z.string()), undefined),
});

pages.get("/articles/:slug", validated("query", articlePageQuery), async (c) => {
  const query = c.req.valid("query");
  return articlePageResponse(c, {
    slug: c.req.param("slug"),
    page: query.cpage,
    replyToId: query.replyto,
    held: heldCommentLink(query.unapproved, query["moderation-hash"]),
  });
});
