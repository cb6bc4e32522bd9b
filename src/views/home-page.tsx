import type { Article } from "../db/schema.ts";
import { articlePath, type Site } from "../domain/site.ts";
import { type FeedLinks, Layout, PublishedDate } from "./layout.tsx";

export function HomePage({ site, articles, feeds }: { site: Site; articles: Article[]; feeds: FeedLinks }) {
  return (
    <Layout site={site} title={site.title} canonicalUrl={`${site.baseUrl}/`} feeds={[feeds]}>
      <h1>Latest</h1>
      {articles.length === 0 ? (
        <p>Nothing published yet.</p>
      ) : (
        <ul class="article-list">
          {articles.map((article) => (
            <li>
              <h2>
                <a href={articlePath(article.slug)}>{article.title}</a>
              </h2>
              <p class="meta">
                <PublishedDate date={article.publishedAt} language={site.language} />
              </p>
              {article.summary && <p>{article.summary}</p>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
