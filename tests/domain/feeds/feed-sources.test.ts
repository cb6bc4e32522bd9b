import { describe, expect, it } from "vitest";
import { FEED_FILE } from "../../../src/domain/feeds/feed-files.ts";
import { type FeedSource, feedBase, parseFeedPath } from "../../../src/domain/feeds/feed-sources.ts";

const sources: FeedSource[] = [
  { kind: "articles" },
  { kind: "comments" },
  { kind: "article-comments", slug: "a-story" },
  { kind: "article-comments", slug: "ünïcode & more" },
  { kind: "term", taxonomy: "section", slug: "news" },
  { kind: "term", taxonomy: "tag", slug: "pakistan" },
];

describe("feed paths", () => {
  it.each(sources)("read back what feedBase spells, in every format: %o", (source) => {
    for (const [format, file] of Object.entries(FEED_FILE)) {
      expect(parseFeedPath(`${feedBase(source)}/${file}`)).toEqual({ source, format });
    }
  });

  it("name nothing else", () => {
    for (const path of [
      "/",
      "/feed.rss",
      "/articles/x",
      "/articles/x/feed.html",
      "/articles/feed.xml",
      "/comments/x/feed.xml",
      "/categories/news/feed.xml",
      "/sections/news/extra/feed.xml",
      "/articles/%E0%A4%A/feed.xml",
      "/articles/a%2fb/feed.xml",
    ]) {
      expect(parseFeedPath(path), path).toBeUndefined();
    }
  });
});
