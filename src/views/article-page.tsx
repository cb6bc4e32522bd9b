import { raw } from "hono/html";
import type { Article } from "../db/schema.ts";
import { sectionAndTags, termPath } from "../domain/articles/terms.ts";
import type { PublicCommentRow } from "../domain/comments/comment.ts";
import type { CommentThread } from "../domain/comments/public.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";
import { ArticleMeta } from "./article-meta.tsx";
import { CommentForm, type CommentFormValues } from "./comment-form.tsx";
import { CommentsSection } from "./comment-list.tsx";
import { type FeedLinks, Layout, PublishedDate } from "./layout.tsx";

export interface ArticlePageProps {
  site: Site;
  article: Article;
  feeds: FeedLinks[];
  threads: CommentThread[];
  heldComment?: PublicCommentRow | undefined;
  pagination: { previous?: string | undefined; next?: string | undefined };
  replyTo?: { id: number; author: string } | undefined;
  /** The comment page shown, so "Reply" stays on it. */
  page: number;
  form?: { values?: CommentFormValues; errors?: Record<string, string> };
  formToken: string;
  turnstileSiteKey?: string | undefined;
}

export function ArticlePage(props: ArticlePageProps) {
  const { site, article, feeds, threads, heldComment, pagination, replyTo, page, form = {} } = props;
  const path = articlePath(article.slug);
  const replyHref = (commentId: number) => `${path}?${page > 1 ? `cpage=${page}&` : ""}replyto=${commentId}#respond`;
  const { section, tags } = sectionAndTags(article.termsJson);
  const shown = (list: CommentThread[]): CommentThread["comment"][] => list.flatMap((thread) => [thread.comment, ...shown(thread.replies)]);
  return (
    <Layout
      site={site}
      title={`${article.title} – ${site.title}`}
      description={article.summary || undefined}
      canonicalUrl={absoluteUrl(site, path)}
      feeds={feeds}
      pagination={pagination}
      head={<ArticleMeta site={site} article={article} comments={page === 1 ? shown(threads) : []} />}
    >
      <article>
        <header>
          <h1>{article.title}</h1>
          <p class="meta">
            {article.author && <span class="byline">By {article.author} · </span>}
            <PublishedDate date={article.publishedAt} language={site.language} />
            {section && (
              <>
                {" · "}
                <a href={termPath(section)}>{section.name}</a>
              </>
            )}
          </p>
          {article.summary && <p class="standfirst">{article.summary}</p>}
        </header>
        <div class="article-body">{raw(article.bodyHtml)}</div>
        {article.source && <p class="attribution">Original Source: {article.source}</p>}
        {tags.length > 0 && (
          <p class="meta">
            Tags:{" "}
            {tags.map((tag, i) => (
              <>
                {i > 0 && ", "}
                <a href={termPath(tag)} rel="tag">
                  {tag.name}
                </a>
              </>
            ))}
          </p>
        )}
      </article>
      <CommentsSection
        threads={threads}
        count={article.commentCount}
        language={site.language}
        replyHref={replyHref}
        heldComment={heldComment}
        pagination={pagination}
      />
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
