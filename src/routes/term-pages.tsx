import { Hono } from "hono";
import { termPageData } from "../db/term-rows.ts";
import { TAXONOMY_LABEL, TERM_BASE, taxonomies } from "../domain/articles/terms.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";
import { renderPage } from "../http/render.ts";
import { pageQuery, validated } from "../http/validate.ts";
import { TermPage } from "../views/term-page.tsx";

/** Section and tag pages: `/sections/:slug`, `/tags/:slug`, `?page=N` for older articles. One D1 round trip each. */
export const termPages = new Hono<AppEnv>();

for (const taxonomy of taxonomies) {
  termPages.get(`${TERM_BASE[taxonomy]}/:slug`, validated("query", pageQuery), async (c) => {
    const page = c.req.valid("query").page ?? 1;
    const { term, articles, hasNextPage } = await termPageData(c.var.db, { taxonomy, slug: c.req.param("slug") }, page);
    if (!term || (page > 1 && articles.length === 0)) throw notFound(term ? "Page" : TAXONOMY_LABEL[taxonomy]);
    return renderPage(c, <TermPage site={c.var.site} term={term} articles={articles} page={page} hasNextPage={hasNextPage} />);
  });
}
