import { describe, expect, it } from "vitest";
import { capLifetimes } from "../../src/http/cache-expiry.ts";
import { markPublic } from "../../src/http/edge-cache.ts";

const now = new Date("2026-01-01T00:00:00Z");
/** The headers as capped at `at`. */
const expiresBy = (init: Record<string, string>, at: Date | undefined, now: Date) => {
  const headers = new Headers(init);
  capLifetimes(headers, at, now);
  return { headers };
};
const inSeconds = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe("capLifetimes", () => {
  it("leaves a response alone when nothing is scheduled", () => {
    const r = expiresBy({ "Cache-Control": "public, max-age=300, s-maxage=60" }, undefined, now);
    expect(r.headers.get("Cache-Control")).toBe("public, max-age=300, s-maxage=60");
  });

  it("caps fresh and stale lifetimes so that no copy outlives the scheduled time", () => {
    const r = expiresBy({ "Cache-Control": "public, max-age=300, s-maxage=60, stale-while-revalidate=300" }, inSeconds(42.2), now);
    expect(r.headers.get("Cache-Control")).toBe("public, max-age=42, s-maxage=42, stale-while-revalidate=0");
    const later = expiresBy({ "Cache-Control": "public, max-age=0, must-revalidate, s-maxage=60, stale-while-revalidate=300" }, inSeconds(100), now);
    expect(later.headers.get("Cache-Control")).toBe("public, max-age=0, must-revalidate, s-maxage=60, stale-while-revalidate=40");
  });

  it("caps the CDN headers too, and never goes below zero", () => {
    const r = expiresBy({ "CDN-Cache-Control": "max-age=3600", "Cloudflare-CDN-Cache-Control": "s-maxage=86400" }, inSeconds(-5), now);
    expect(r.headers.get("CDN-Cache-Control")).toBe("max-age=0");
    expect(r.headers.get("Cloudflare-CDN-Cache-Control")).toBe("s-maxage=0");
  });
});

describe("markPublic with a time", () => {
  const marked = (shelf: Parameters<typeof markPublic>[1], at: Date) => {
    const headers = new Headers();
    markPublic(headers, shelf, ["articles"], at);
    return [headers.get("Cache-Control"), headers.get("Cloudflare-CDN-Cache-Control")];
  };

  it("ends every copy by then at the edge too, stale ones included: none is served after it, even on errors", () => {
    // Sooner than the edge's own time: nothing may be served stale after it.
    expect(marked("page", new Date(Date.now() + 100_500))).toEqual([
      "public, max-age=0, must-revalidate, s-maxage=100",
      "public, max-age=100, stale-while-revalidate=0, stale-if-error=0",
    ]);
    // Later: the edge keeps its own time, and serves stale only until then.
    expect(marked("feed", new Date(Date.now() + 1_000_500))).toEqual([
      "public, max-age=300, s-maxage=300",
      "public, max-age=300, stale-while-revalidate=60, stale-if-error=700",
    ]);
  });
});
