import { raw } from "hono/html";
import type { Article } from "../db/schema.ts";
import { sectionAndTags } from "../domain/articles/terms.ts";
import { mediaPath } from "../domain/media/media-keys.ts";
import { messagesFor } from "../domain/messages/catalogue.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";
import { ArticleContent } from "./article-content.tsx";
import { CommentForm, type CommentFormValues } from "./comment-form.tsx";
import { type FeedLinks, Layout } from "./layout.tsx";

export interface ArticlePageProps {
  site: Site;
  article: Article;
  feeds: FeedLinks[];
  /** The comments section, rendered (see comment-list.ts). */
  commentsHtml: string;
  pagination: { previous?: string | undefined; next?: string | undefined };
  replyTo?: { id: number; author: string } | undefined;
  /** Whether the article takes comments: closed, the form (and "Reply" links) give way to a notice. */
  open: boolean;
  form?: { values?: CommentFormValues; errors?: Record<string, string> };
  formToken: string;
  turnstileSiteKey?: string | undefined;
  /** Whether images may be offered resized by Cloudflare Images. */
  resizedImages: boolean;
  notifyOffered?: boolean | undefined;
  /** schema.org JSON-LD for the page (see structured-data.ts). */
  structuredData: unknown;
}

export function ArticlePage(props: ArticlePageProps) {
  const { site, article, feeds, commentsHtml, pagination, replyTo, open, form = {} } = props;
  const path = articlePath(article.slug);
  const image = article.featuredImage;
  const t = messagesFor(site.language);
  const { section, tags } = sectionAndTags(article.termsJson);
  return (
    <Layout
      site={site}
      title={`${article.title} – ${site.title}`}
      description={article.summary || undefined}
      canonicalUrl={absoluteUrl(site, path)}
      feeds={feeds}
      pagination={pagination}
      share={{
        type: "article",
        url: absoluteUrl(site, path),
        title: article.title,
        description: article.summary || site.description,
        image: image ? { url: absoluteUrl(site, mediaPath(image.key)), alt: image.alt, width: image.width, height: image.height } : undefined,
        published: article.publishedAt,
        modified: article.updatedAt,
        section: section?.name,
        tags: tags.map((tag) => tag.name),
      }}
      structuredData={props.structuredData}
    >
      <ArticleContent article={{ ...article, terms: article.termsJson }} language={site.language} resizedImages={props.resizedImages} />
      {raw(commentsHtml)}
      {open ? (
        <CommentForm
          t={t}
          action={`${path}/comments`}
          replyTo={replyTo}
          cancelReplyHref={`${path}#respond`}
          formToken={props.formToken}
          turnstileSiteKey={props.turnstileSiteKey}
          notifyOffered={props.notifyOffered}
          {...form}
        />
      ) : (
        <p class="notice" id="respond">
          {t.commentsClosed}
        </p>
      )}
    </Layout>
  );
}
