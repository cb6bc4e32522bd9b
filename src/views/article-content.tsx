import { raw } from "hono/html";
import { type ArticleTerm, sectionAndTags, termPath } from "../domain/articles/terms.ts";
import { type FeaturedImage, mediaPath, responsiveSrcset } from "../domain/media/media-keys.ts";
import { PublishedDate } from "./layout.tsx";

/** What readers see of an article itself (its page adds comments): the article page and the desk's preview render it alike. */
export interface ArticleView {
  title: string;
  summary: string;
  author: string | null;
  source: string | null;
  publishedAt: Date;
  bodyHtml: string;
  featuredImage: FeaturedImage | null;
  /** Its section (linked beside the date) and tags (listed after the text). */
  terms: ArticleTerm[];
}

/** The featured image, offered in smaller sizes where Cloudflare Images transformations are on. */
function FeaturedFigure({ image, resized }: { image: FeaturedImage; resized: boolean }) {
  return (
    <figure class="featured-image">
      <img
        src={mediaPath(image.key)}
        alt={image.alt}
        width={image.width}
        height={image.height}
        srcset={resized ? responsiveSrcset(image.key, image.width) : undefined}
        sizes={resized ? "(max-width: 42rem) 100vw, 42rem" : undefined}
        fetchpriority="high"
      />
    </figure>
  );
}

export function ArticleContent({ article, language, resizedImages }: { article: ArticleView; language: string; resizedImages: boolean }) {
  const { section, tags } = sectionAndTags(article.terms);
  return (
    <article>
      <header>
        <h1>{article.title}</h1>
        <p class="meta">
          {article.author && (
            <>
              By{" "}
              <span class="byline">
                <bdi>{article.author}</bdi>
              </span>{" "}
              ·{" "}
            </>
          )}
          <PublishedDate date={article.publishedAt} language={language} />
          {section && (
            <>
              {" · "}
              <a href={termPath(section)}>{section.name}</a>
            </>
          )}
        </p>
        {article.summary && <p class="standfirst">{article.summary}</p>}
      </header>
      {article.featuredImage && <FeaturedFigure image={article.featuredImage} resized={resizedImages} />}
      <div class="article-body">{raw(article.bodyHtml)}</div>
      {article.source && <p class="attribution">Original Source: {article.source}</p>}
      {tags.length > 0 && (
        <p class="meta tags">
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
  );
}
