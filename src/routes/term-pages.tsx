import { Hono } from "hono";
import { termPageData } from "../db/term-rows.ts";
import { isSlug } from "../domain/articles/slugs.ts";
import { TAXONOMY_LABEL, TERM_BASE, taxonomies, termPath } from "../domain/articles/terms.ts";
import { termTag } from "../domain/cache-tags.ts";
import { canonicalPageQuery } from "../domain/canonical-urls.ts";
import type { AppEnv } from "../env.ts";
import { canonicalUrl } from "../http/canonical.ts";
import { markPublic } from "../http/edge-cache.ts";
import { notFound } from "../http/errors.ts";
import { HTML, renderDocument } from "../http/render.ts";
import { bytesOf, renderOnce } from "../http/render-once.ts";
import { pageQuery, validated } from "../http/validate.ts";
import { TermPage } from "../views/term-page.tsx";

/**
 * Section and tag pages: `/sections/:slug`, `/tags/:slug`, `?page=N` for
 * older articles. One D1 round trip each, rendered once per change of the
 * term's articles (its tag), and no copy outlives its next scheduled article.
 */
export const termPages = new Hono<AppEnv>();

for (const taxonomy of taxonomies) {
  termPages.get(
    `${TERM_BASE[taxonomy]}/:slug`,
    canonicalUrl((c) => {
      const query = canonicalPageQuery(new URL(c.req.url).searchParams, 1);
      return query === undefined ? undefined : `${termPath({ taxonomy, slug: c.req.param("slug")! })}${query}`;
    }),
    validated("query", pageQuery),
    async (c) => {
      const page = c.req.valid("query").page ?? 1;
      const term = { taxonomy, slug: c.req.param("slug") };
      // Term slugs are made by slugify: anything else can never exist (and can't be a cache tag).
      if (!isSlug(term.slug)) throw notFound(TAXONOMY_LABEL[taxonomy], []);
      const served = await renderOnce(c, async () => {
        const data = await termPageData(c.var.db, term, page);
        if (!data.term) throw notFound(TAXONOMY_LABEL[taxonomy], [termTag(term)]);
        if (page > 1 && data.articles.length === 0) throw notFound("Page", [termTag(term)], data.nextScheduledAt);
        const body = await renderDocument(<TermPage site={c.var.site} term={data.term} articles={data.articles} page={page} hasNextPage={data.hasNextPage} />);
        return { tag: termTag(term), version: data.version, body, expiresAt: data.nextScheduledAt };
      });
      const response = c.body(bytesOf(served), 200, { "Content-Type": HTML, ETag: served.etag });
      markPublic(response.headers, "page", [served.tag], served.expiresAt);
      return response;
    },
  );
}
