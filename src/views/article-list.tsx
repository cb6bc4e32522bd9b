import { articlePath, type Site } from "../domain/site.ts";
import { PublishedDate } from "./layout.tsx";

/** What a list of articles shows of each. */
export interface ListedArticle {
  slug: string;
  title: string;
  summary: string;
  publishedAt: Date;
}

export function ArticleList({ site, articles }: { site: Site; articles: ListedArticle[] }) {
  if (articles.length === 0) return <p>Nothing published yet.</p>;
  return (
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
  );
}
