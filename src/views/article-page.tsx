import { raw } from "hono/html";
import type { Article } from "../db/schema.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";
import { CommentForm, type CommentFormValues } from "./comment-form.tsx";
import { type FeedLinks, Layout, PublishedDate } from "./layout.tsx";

export interface ArticlePageProps {
  site: Site;
  article: Article;
  feeds: FeedLinks[];
  /** The comments section, rendered (see comment-list.ts). */
  commentsHtml: string;
  pagination: { previous?: string | undefined; next?: string | undefined };
  replyTo?: { id: number; author: string } | undefined;
  form?: { values?: CommentFormValues; errors?: Record<string, string> };
  formToken: string;
  turnstileSiteKey?: string | undefined;
}

export function ArticlePage(props: ArticlePageProps) {
  const { site, article, feeds, commentsHtml, pagination, replyTo, form = {} } = props;
  const path = articlePath(article.slug);
  return (
    <Layout
      site={site}
      title={`${article.title} – ${site.title}`}
      description={article.summary || undefined}
      canonicalUrl={absoluteUrl(site, path)}
      feeds={feeds}
      pagination={pagination}
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
      {raw(commentsHtml)}
      <CommentForm
        action={`${path}/comments`}
        replyTo={replyTo}
        cancelReplyHref={`${path}#respond`}
        formToken={props.formToken}
        turnstileSiteKey={props.turnstileSiteKey}
        {...form}
      />
    </Layout>
  );
}
