import type { ListedArticle } from "../../db/desk-articles.ts";
import { type ArticleState, articleState } from "../../domain/articles/article.ts";
import type { Site } from "../../domain/site.ts";
import { Layout } from "../layout.tsx";
import { AdminNav } from "./admin-nav.tsx";
import { DateTime } from "./date-time.tsx";

export const STATE_LABELS: Record<ArticleState, string> = {
  published: "Published",
  scheduled: "Scheduled",
  draft: "Draft",
  unpublished: "Unpublished",
};

const FILTERS: { state: ArticleState | undefined; label: string }[] = [
  { state: undefined, label: "All" },
  { state: "published", label: "Published" },
  { state: "scheduled", label: "Scheduled" },
  { state: "draft", label: "Drafts" },
  { state: "unpublished", label: "Unpublished" },
];

interface ArticleListQuery {
  state?: ArticleState | undefined;
  search?: string | undefined;
  page: number;
}

/** The list's URL for `query` (the filters, search and page links all keep the rest of it). */
function articleListHref({ state, search, page }: ArticleListQuery): string {
  const params = new URLSearchParams();
  if (state) params.set("status", state);
  if (search) params.set("q", search);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/admin/articles?${query}` : "/admin/articles";
}

interface ArticleListPageProps {
  site: Site;
  csrf: string;
  query: ArticleListQuery;
  articles: ListedArticle[];
  counts: Record<ArticleState, number>;
  hasMore: boolean;
  now: Date;
}

export function ArticleListPage({ site, csrf, query, articles, counts, hasMore, now }: ArticleListPageProps) {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return (
    <Layout site={site} title={`Articles – ${site.title}`}>
      <AdminNav csrf={csrf} current="articles" />
      <h1>Articles</h1>
      <search>
        <form method="get" action="/admin/articles" class="inline-form">
          <label for="article-search">Search titles</label>
          <input id="article-search" name="q" type="search" value={query.search ?? ""} />
          {query.state && <input type="hidden" name="status" value={query.state} />}
          <button type="submit">Search</button>
        </form>
      </search>
      <nav aria-label="Articles by status" class="filters">
        <ul>
          {FILTERS.map(({ state, label }) => (
            <li>
              <a href={articleListHref({ state, search: query.search, page: 1 })} aria-current={state === query.state ? "page" : undefined}>
                {label} ({state ? counts[state] : total})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {articles.length === 0 ? (
        <p>{query.search ? "No article title matches that search." : "No articles here yet."}</p>
      ) : (
        <table class="article-table">
          <caption>
            {FILTERS.find((filter) => filter.state === query.state)!.label} articles, newest first{query.search ? `, titles matching “${query.search}”` : ""}
            {query.page > 1 ? ` (page ${query.page})` : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Date</th>
              <th scope="col">Comments</th>
            </tr>
          </thead>
          <tbody>
            {articles.map((article) => {
              const state = articleState(article, now);
              return (
                <tr>
                  <th scope="row">
                    <a href={`/admin/articles/${article.id}`}>{article.title || "(no title)"}</a>
                  </th>
                  <td>
                    <span class={`state state-${state}`}>{STATE_LABELS[state]}</span>
                  </td>
                  <td>
                    {state === "scheduled" && "Goes live "}
                    {state === "draft" || state === "unpublished" ? "Saved " : ""}
                    <DateTime date={state === "draft" || state === "unpublished" ? article.updatedAt : article.publishedAt} language={site.language} />
                  </td>
                  <td>
                    <a
                      href={`/admin?article=${encodeURIComponent(article.slug)}`}
                      aria-label={`${article.commentCount} comments on ${article.title}: moderate`}
                    >
                      {article.commentCount}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {(query.page > 1 || hasMore) && (
        <nav aria-label="Pages" class="pager">
          {query.page > 1 && (
            <a rel="prev" href={articleListHref({ ...query, page: query.page - 1 })}>
              ← Newer
            </a>
          )}{" "}
          {hasMore && (
            <a rel="next" href={articleListHref({ ...query, page: query.page + 1 })}>
              Older →
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
