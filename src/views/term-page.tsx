import { type ArticleTerm, TAXONOMY_LABEL, termPath } from "../domain/articles/terms.ts";
import { feedUrlsUnder } from "../domain/feeds/feed-files.ts";
import { absoluteUrl, type Site } from "../domain/site.ts";
import { ArticleList, type ListedArticle } from "./article-list.tsx";
import { Layout } from "./layout.tsx";

interface TermPageProps {
  site: Site;
  term: ArticleTerm;
  articles: ListedArticle[];
  /** 1-based (`?page=`), newest articles first. */
  page: number;
  hasNextPage: boolean;
}

/** A section's or tag's page: its articles, newest first, with its own feeds. */
export function TermPage({ site, term, articles, page, hasNextPage }: TermPageProps) {
  const path = termPath(term);
  const pageHref = (n: number) => (n === 1 ? path : `${path}?page=${n}`);
  const previous = page > 1 ? pageHref(page - 1) : undefined;
  const next = hasNextPage ? pageHref(page + 1) : undefined;
  const title = `${term.name} – ${site.title}`;
  return (
    <Layout
      site={site}
      title={title}
      canonicalUrl={absoluteUrl(site, pageHref(page))}
      feeds={[{ title, ...feedUrlsUnder(absoluteUrl(site, path)) }]}
      pagination={{ previous, next }}
    >
      <p class="meta">{TAXONOMY_LABEL[term.taxonomy]}</p>
      <h1>{term.name}</h1>
      <ArticleList site={site} articles={articles} />
      {(previous || next) && (
        <nav aria-label="Pages">
          {previous && (
            <a rel="prev" href={previous}>
              ← Newer
            </a>
          )}{" "}
          {next && (
            <a rel="next" href={next}>
              Older →
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
