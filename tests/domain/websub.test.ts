import { describe, expect, it } from "vitest";
import { changedFeeds, hubSignature, isPrivateHost, leaseSeconds, retryDelaySeconds } from "../../src/domain/websub.ts";

const hostOf = (url: string) => new URL(url).hostname;

describe("callbacks the hub refuses by default", () => {
  it.each([
    "http://localhost/cb",
    "http://LOCALHOST./cb",
    "http://app.localhost:8080/cb",
    "http://127.0.0.1/cb",
    "http://127.1/cb",
    "http://2130706433/cb",
    "http://0x7f000001/cb",
    "http://0.0.0.0/cb",
    "http://10.1.2.3/cb",
    "http://172.16.0.1/cb",
    "http://172.31.255.255/cb",
    "http://192.168.1.1/cb",
    "http://169.254.169.254/latest/meta-data",
    "http://100.64.0.1/cb",
    "http://198.18.0.1/cb",
    "http://224.0.0.1/cb",
    "http://[::1]/cb",
    "http://[::]/cb",
    "http://[::ffff:127.0.0.1]/cb",
    "http://[::ffff:10.0.0.1]/cb",
    "http://[fc00::1]/cb",
    "http://[fd12:3456::1]/cb",
    "http://[fe80::1]/cb",
    "http://[ff02::1]/cb",
  ])("%s is private", (url) => {
    expect(isPrivateHost(hostOf(url))).toBe(true);
  });

  it.each([
    "https://example.com/cb",
    "https://subscriber.example/cb",
    "http://8.8.8.8/cb",
    "http://172.32.0.1/cb",
    "http://192.169.0.1/cb",
    "http://100.128.0.1/cb",
    "http://[2001:4860:4860::8888]/cb",
    "http://[fcd::1]/cb",
    "http://[::ffff:8.8.8.8]/cb",
    "https://localhost.example.com/cb",
  ])("%s is public", (url) => {
    expect(isPrivateHost(hostOf(url))).toBe(false);
  });
});

describe("the hub's numbers", () => {
  it("signs deliveries with HMAC-SHA256 of the body", async () => {
    // A published HMAC-SHA256 test vector.
    expect(await hubSignature("key", "The quick brown fox jumps over the lazy dog")).toBe(
      "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
    );
  });

  it("grants leases within bounds, a week by default", () => {
    expect(leaseSeconds(undefined)).toBe(7 * 86_400);
    expect(leaseSeconds(60)).toBe(3_600);
    expect(leaseSeconds(86_400)).toBe(86_400);
    expect(leaseSeconds(10 ** 9)).toBe(30 * 86_400);
  });

  it("backs off retries four times longer each attempt, never past 12 hours", () => {
    expect([1, 2, 3, 4, 5].map(retryDelaySeconds)).toEqual([30, 120, 480, 1_920, 7_680]);
    expect(retryDelaySeconds(20)).toBe(43_200);
  });
});

describe("the feeds a write changed, announced to the hub", () => {
  it("are derived from the change it purges by: comments change comment feeds; an article its lists, its comment feeds and its sections' and tags'", () => {
    expect(changedFeeds([{ kind: "comments", articleIds: [3, 4], onlyAdded: true }])).toEqual({ paths: ["/comments"], articleIds: [3, 4] });
    expect(
      changedFeeds([
        {
          kind: "article",
          articleId: 7,
          terms: [
            { taxonomy: "section", slug: "world" },
            { taxonomy: "tag", slug: "pakistan" },
          ],
          archives: false,
        },
        { kind: "comments", articleIds: [7] },
      ]),
    ).toEqual({ paths: ["", "/comments", "/sections/world", "/tags/pakistan"], articleIds: [7] });
  });

  it("are none for what no feed shows", () => {
    expect(changedFeeds([{ kind: "article-page", articleId: 1 }, { kind: "discussion" }, { kind: "media", key: "k" }])).toEqual({ paths: [], articleIds: [] });
  });
});
