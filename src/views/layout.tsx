import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { FEED_FILE, type FeedUrls } from "../domain/feeds/feed-files.ts";
import { remembered } from "../domain/remembered.ts";
import type { Site } from "../domain/site.ts";
import { STYLES } from "./styles.ts";

export type FeedLinks = FeedUrls & { title: string };

interface LayoutProps {
  site: Site;
  title: string;
  description?: string;
  canonicalUrl?: string;
  feeds?: FeedLinks[];
  /** `rel="prev"`/`rel="next"` links for paginated pages. */
  pagination?: { previous?: string | undefined; next?: string | undefined };
  /** More for the head: share-card meta, structured data. */
  head?: Child;
  children: Child;
}

export function Layout({ site, title, description, canonicalUrl, feeds = [], pagination = {}, head, children }: LayoutProps) {
  return (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description ?? site.description} />
        {canonicalUrl && <link rel="canonical" href={canonicalUrl} />}
        {pagination.previous && <link rel="prev" href={pagination.previous} />}
        {pagination.next && <link rel="next" href={pagination.next} />}
        {feeds.map((feed) => (
          <>
            <link rel="alternate" type="application/rss+xml" title={`${feed.title} (RSS)`} href={feed.rss} />
            <link rel="alternate" type="application/atom+xml" title={`${feed.title} (Atom)`} href={feed.atom} />
            <link rel="alternate" type="application/feed+json" title={`${feed.title} (JSON Feed)`} href={feed.json} />
          </>
        ))}
        {head}
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

// Building a DateTimeFormat costs far more than using one: keep one per language.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function PublishedDate({ date, language }: { date: Date; language: string }) {
  const format = remembered(dateFormats, language, () => new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }));
  return <time datetime={date.toISOString()}>{format.format(date)}</time>;
}
