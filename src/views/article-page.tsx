import { raw } from "hono/html";
import type { Article } from "../db/schema.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";
import { CommentForm, type CommentFormValues } from "./comment-form.tsx";
import { Layout, PublishedDate, type FeedLinks } from "./layout.tsx";

interface ArticlePageProps {
  site: Site;
  article: Article;
  feeds: FeedLinks[];
  form?: { values?: CommentFormValues; errors?: Record<string, string> };
}

export function ArticlePage({ site, article, feeds, form = {} }: ArticlePageProps) {
  const path = articlePath(article.slug);
  return (
    <Layout
      site={site}
      title={`${article.title} – ${site.title}`}
      description={article.summary || undefined}
      canonicalUrl={absoluteUrl(site, path)}
      feeds={feeds}
    >
      <article>
        <header>
          <h1>{article.title}</h1>
          <p class="meta">
            <PublishedDate date={article.publishedAt} language={site.language} />
          </p>
          {article.summary && <p class="standfirst">{article.summary}</p>}
        </header>
        <div class="article-body">{raw(article.bodyHtml)}</div>
        {article.source && <p class="attribution">Original Source: {article.source}</p>}
      </article>
      <section class="comments" id="comments" aria-labelledby="comments-title">
        <h2 id="comments-title">No comments yet</h2>
      </section>
      <CommentForm action={`${path}/comments`} {...form} />
    </Layout>
  );
}
