/** The file name of each feed format, wherever a feed is served: the one place they are spelled. */
export const FEED_FILE = { rss: "feed.xml", atom: "feed.atom", json: "feed.json" } as const;

export type FeedFormat = keyof typeof FEED_FILE;
export const FEED_FILES = Object.values(FEED_FILE);

export type FeedUrls = Record<FeedFormat, string>;

/** The three feeds published under `base` (an absolute URL or a path, without a trailing slash). */
export function feedUrlsUnder(base: string): FeedUrls {
  return { rss: `${base}/${FEED_FILE.rss}`, atom: `${base}/${FEED_FILE.atom}`, json: `${base}/${FEED_FILE.json}` };
}
