import { eq } from "drizzle-orm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { articles } from "../../src/db/schema.ts";
import { adminFetch, db, fetchWorker, LAUNCH_SLUG, launchArticle, seedArticle } from "../helpers.ts";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, isArray: (name) => ["url", "sitemap"].includes(name) });
const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
// W3C Datetime, as the sitemap protocol asks for.
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function xml(path: string) {
  const response = await fetchWorker(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
  const text = await response.text();
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text);
}

const fresh = `fresh-${crypto.randomUUID().slice(0, 8)}`;
beforeAll(async () => {
  await seedArticle(launchArticle());
  const response = await adminFetch(`/articles/${fresh}`, { method: "PUT", json: { title: "Fresh & <news>", body: "Body.", section: "Breaking" } });
  expect(response.status).toBe(201);
  await adminFetch(`/articles/${fresh}-gone`, { method: "PUT", json: { title: "Gone", body: "Body." } });
  await adminFetch(`/articles/${fresh}-gone`, { method: "DELETE" });
});

describe("robots.txt", () => {
  it("lets crawlers read the site but not the owner's side, and names both sitemaps", async () => {
    const response = await fetchWorker("/robots.txt");
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const lines = (await response.text()).split("\n").filter(Boolean);
    const rules = lines.map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    });
    expect(rules[0]).toEqual(["user-agent", "*"]);
    const disallowed = rules.filter(([field]) => field === "disallow").map(([, value]) => value);
    expect(disallowed).toEqual(expect.arrayContaining(["/admin", "/api/admin/", "/websub"]));
    expect(disallowed).not.toContain("/");
    expect(lines.filter((line) => line.startsWith("Sitemap: "))).toEqual([
      "Sitemap: http://wirepost.test/sitemap.xml",
      "Sitemap: http://wirepost.test/news-sitemap.xml",
    ]);
  });
});

describe("sitemap.xml", () => {
  it("is an index of paged sitemaps, each with its last real change, listing every published article once", async () => {
    const index = await xml("/sitemap.xml");
    expect(index.sitemapindex["@xmlns"]).toBe(SITEMAP_NS);
    const sitemaps: { loc: string; lastmod?: string }[] = index.sitemapindex.sitemap;
    expect(sitemaps.map((sitemap) => sitemap.loc)).toEqual(["http://wirepost.test/sitemaps/articles-1.xml", "http://wirepost.test/sitemaps/pages-1.xml"]);
    const urls: { loc: string; lastmod?: string }[] = [];
    for (const sitemap of sitemaps) {
      const page = await xml(new URL(sitemap.loc).pathname);
      expect(page.urlset["@xmlns"]).toBe(SITEMAP_NS);
      urls.push(...page.urlset.url);
    }
    const locs = urls.map((url) => url.loc);
    expect(new Set(locs).size).toBe(locs.length);
    expect(locs).toEqual(
      expect.arrayContaining([
        "http://wirepost.test/",
        `http://wirepost.test/articles/${LAUNCH_SLUG}`,
        `http://wirepost.test/articles/${fresh}`,
        "http://wirepost.test/sections/breaking",
      ]),
    );
    expect(locs).not.toContain(`http://wirepost.test/articles/${fresh}-gone`);
    const stored = await db().select({ updatedAt: articles.updatedAt }).from(articles).where(eq(articles.slug, fresh)).get();
    expect(urls.find((url) => url.loc.endsWith(`/articles/${fresh}`))!.lastmod).toBe(stored!.updatedAt.toISOString());
    // The articles page's date is its newest article's change.
    expect(sitemaps[0]!.lastmod).toMatch(W3C_DATETIME);
    expect(Date.parse(sitemaps[0]!.lastmod!)).toBeGreaterThanOrEqual(stored!.updatedAt.getTime());
  });

  it("answers 404 for a page that holds nothing, and for any other name", async () => {
    for (const path of ["/sitemaps/articles-2.xml", "/sitemaps/articles-0.xml", "/sitemaps/other-1.xml", "/sitemaps/pages-x.xml"]) {
      expect((await fetchWorker(path)).status, path).toBe(404);
    }
  });
});

describe("the Google News sitemap", () => {
  it("lists articles of the last two days with their publication, date and title", async () => {
    const sitemap = await xml("/news-sitemap.xml");
    expect(sitemap.urlset["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    const urls: { loc: string; "news:news": Record<string, unknown> }[] = sitemap.urlset.url;
    expect(urls.map((url) => url.loc)).toEqual([`http://wirepost.test/articles/${fresh}`]);
    const news = urls[0]!["news:news"];
    expect(news["news:publication"]).toEqual({ "news:name": "Wirepost", "news:language": "en" });
    expect(news["news:title"]).toBe("Fresh & <news>");
    expect(news["news:publication_date"]).toMatch(W3C_DATETIME);
    expect(Date.now() - Date.parse(news["news:publication_date"] as string)).toBeLessThan(2 * 86_400_000);
  });
});

describe("a scheduled article", () => {
  it("stays out of the sitemaps, the feeds and its section's page until its time, and no copy of them outlives it", async () => {
    const inAnHour = Date.now() + 3_600_000;
    const slug = `later-${crypto.randomUUID().slice(0, 8)}`;
    const put = await adminFetch(`/articles/${slug}`, {
      method: "PUT",
      json: { title: "Later", body: "Body.", section: "Soon", publishedAt: new Date(inAnHour).toISOString() },
    });
    expect(put.status).toBe(201);
    for (const path of [
      "/sitemap.xml",
      "/sitemaps/articles-1.xml",
      "/sitemaps/pages-1.xml",
      "/news-sitemap.xml",
      "/sections/soon",
      "/sections/soon/feed.xml",
      "/feed.xml",
    ]) {
      const response = await fetchWorker(path);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text, path).not.toContain(`/articles/${slug}`);
      if (path.startsWith("/sitemap")) expect(text, path).not.toContain("/sections/soon</loc>");
      const edgeLife = Number(/max-age=(\d+)/.exec(response.headers.get("Cloudflare-CDN-Cache-Control") ?? "")?.[1]);
      expect(edgeLife, path).toBeLessThanOrEqual(Math.ceil((inAnHour - Date.now()) / 1000));
    }
  });
});
