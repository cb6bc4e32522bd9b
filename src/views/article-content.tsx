import { raw } from "hono/html";
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
        </p>
        {article.summary && <p class="standfirst">{article.summary}</p>}
      </header>
      {article.featuredImage && <FeaturedFigure image={article.featuredImage} resized={resizedImages} />}
      <div class="article-body">{raw(article.bodyHtml)}</div>
      {article.source && <p class="attribution">Original Source: {article.source}</p>}
    </article>
  );
}
