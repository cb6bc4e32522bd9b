import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { FEED_FILE, type FeedUrls } from "../domain/feeds/feed-files.ts";
import { messagesFor } from "../domain/messages/catalogue.ts";
import { remembered } from "../domain/remembered.ts";
import type { Site } from "../domain/site.ts";
import { jsonForScript } from "../domain/structured-data.ts";
import { STYLES } from "./styles.ts";

export type FeedLinks = FeedUrls & { title: string };

/** How a shared link to the page looks (Open Graph, Twitter cards); every URL absolute. */
interface ShareCard {
  type: "article";
  url: string;
  title: string;
  description: string;
  image?: { url: string; alt: string; width: number; height: number } | undefined;
  /** An article's dates, section and tags (Open Graph's `article:*`). */
  published: Date;
  modified: Date;
  section?: string | undefined;
  tags: string[];
}

interface LayoutProps {
  site: Site;
  title: string;
  description?: string;
  canonicalUrl?: string;
  feeds?: FeedLinks[];
  /** `rel="prev"`/`rel="next"` links for paginated pages. */
  pagination?: { previous?: string | undefined; next?: string | undefined };
  share?: ShareCard | undefined;
  /** schema.org JSON-LD for search engines (a data block: never executed, so the CSP doesn't apply to it). */
  structuredData?: unknown;
  children: Child;
}

function ShareMeta({ site, card }: { site: Site; card: ShareCard }) {
  return (
    <>
      <meta property="og:site_name" content={site.title} />
      <meta property="og:type" content={card.type} />
      <meta property="og:url" content={card.url} />
      <meta property="og:title" content={card.title} />
      <meta property="og:description" content={card.description} />
      {card.image && (
        <>
          <meta property="og:image" content={card.image.url} />
          <meta property="og:image:alt" content={card.image.alt} />
          <meta property="og:image:width" content={String(card.image.width)} />
          <meta property="og:image:height" content={String(card.image.height)} />
        </>
      )}
      <meta property="article:published_time" content={card.published.toISOString()} />
      <meta property="article:modified_time" content={card.modified.toISOString()} />
      {card.section && <meta property="article:section" content={card.section} />}
      {card.tags.map((tag) => (
        <meta property="article:tag" content={tag} />
      ))}
      <meta name="twitter:card" content={card.image ? "summary_large_image" : "summary"} />
      <meta name="twitter:title" content={card.title} />
      <meta name="twitter:description" content={card.description} />
    </>
  );
}

export function Layout({ site, title, description, canonicalUrl, feeds = [], pagination = {}, share, structuredData, children }: LayoutProps) {
  return (
    <html lang={site.language} dir={messagesFor(site.language).dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description ?? site.description} />
        {canonicalUrl && <link rel="canonical" href={canonicalUrl} />}
        {share && <ShareMeta site={site} card={share} />}
        {structuredData !== undefined && <script type="application/ld+json">{raw(jsonForScript(structuredData))}</script>}
        {pagination.previous && <link rel="prev" href={pagination.previous} />}
        {pagination.next && <link rel="next" href={pagination.next} />}
        {feeds.map((feed) => (
          <>
            <link rel="alternate" type="application/rss+xml" title={`${feed.title} (RSS)`} href={feed.rss} />
            <link rel="alternate" type="application/atom+xml" title={`${feed.title} (Atom)`} href={feed.atom} />
            <link rel="alternate" type="application/feed+json" title={`${feed.title} (JSON Feed)`} href={feed.json} />
          </>
        ))}
        <style>{raw(STYLES)}</style>
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="masthead">
          <a href="/">{site.title}</a>
          <p>{site.description}</p>
        </header>
        <main id="content">{children}</main>
        <footer>
          <a href={`/${FEED_FILE.rss}`}>RSS</a> · <a href={`/${FEED_FILE.atom}`}>Atom</a> · <a href={`/${FEED_FILE.json}`}>JSON Feed</a>
        </footer>
      </body>
    </html>
  );
}

// Building a DateTimeFormat costs far more than using one, and using one more
// than looking a day up: keep one per language, and each day's text.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dayTexts = new Map<string, string>();
const DAY_MS = 86_400_000;

/** A date as pages show it ("March 20, 2025" in English), in UTC. */
export function publishedDateText(date: Date, language: string): string {
  const day = Math.floor(date.getTime() / DAY_MS);
  return remembered(dayTexts, `${language}:${day}`, () => {
    const format = remembered(dateFormats, language, () => new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }));
    return format.format(new Date(day * DAY_MS));
  });
}

export function PublishedDate({ date, language }: { date: Date; language: string }) {
  return <time datetime={date.toISOString()}>{publishedDateText(date, language)}</time>;
}
