import { raw } from "hono/html";
import type { Article } from "../db/schema.ts";
import { sectionAndTags } from "../domain/articles/terms.ts";
import type { PublicCommentRow } from "../domain/comments/comment.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";
import { jsonForScript, newsArticleJsonLd } from "../domain/structured-data.ts";

/**
 * What share cards and search engines read of an article page: Open Graph
 * and Twitter card meta, and schema.org `NewsArticle` JSON-LD (a data block,
 * never executed, so the page's no-script CSP doesn't apply to it).
 */
export function ArticleMeta({ site, article, comments }: { site: Site; article: Article; comments: PublicCommentRow[] }) {
  const { section, tags } = sectionAndTags(article.termsJson);
  const property = (name: string, content: string | undefined) => content && <meta property={name} content={content} />;
  return (
    <>
      {property("og:type", "article")}
      {property("og:title", article.title)}
      {property("og:description", article.summary || undefined)}
      {property("og:url", absoluteUrl(site, articlePath(article.slug)))}
      {property("og:site_name", site.title)}
      {property("article:published_time", article.publishedAt.toISOString())}
      {property("article:modified_time", article.updatedAt.toISOString())}
      {property("article:section", section?.name)}
      {tags.map((tag) => property("article:tag", tag.name))}
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={article.title} />
      {article.summary && <meta name="twitter:description" content={article.summary} />}
      <script type="application/ld+json">{raw(jsonForScript(newsArticleJsonLd(site, article, comments)))}</script>
    </>
  );
}
