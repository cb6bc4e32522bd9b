import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../src/env.ts";
import { database } from "../../src/http/database.ts";
import { PURGE_HEADER } from "../../src/http/edge-cache.ts";
import { requestEffects } from "../../src/http/request-effects.ts";
import { siteContext } from "../../src/http/site-context.ts";
import type { Effects } from "../../src/services/effects.ts";

afterEach(() => vi.restoreAllMocks());

/** An app whose one route runs `write` with the admin Worker's effects. */
function adminSide(write: (effects: Effects) => Promise<unknown>) {
  const app = new Hono<AppEnv>();
  app.use(siteContext(), database(), requestEffects("by-reader"));
  app.post("/", async (c) => {
    await write(c.var.effects);
    return c.text("done");
  });
  return app;
}

describe("the admin Worker's purges", () => {
  it("go back with the answer, every tag once, for the reader to make", async () => {
    const outcomes: string[] = [];
    const app = adminSide(async (effects) => {
      outcomes.push(await effects.purge({ kind: "comments", articleIds: [7, 8] }));
      outcomes.push(await effects.purge({ kind: "article", articleId: 7, terms: [], archives: false }, { kind: "discussion" }));
    });
    const response = await app.request("/", { method: "POST" }, env);
    expect(response.headers.get(PURGE_HEADER)!.split(",").sort()).toEqual(["archives", "article-pages", "article:7", "article:8", "articles", "comments"]);
    // Made by the reader, which may have to wait for its purge budget.
    expect(outcomes).toEqual(["deferred", "deferred"]);
  });

  it("add no header when nothing was written", async () => {
    const response = await adminSide(async () => {}).request("/", { method: "POST" }, env);
    expect(response.headers.has(PURGE_HEADER)).toBe(false);
  });

  it("can't ride on an answer that has left: one asked for later is logged", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    let later: Effects | undefined;
    const response = await adminSide(async (effects) => {
      later = effects;
    }).request("/", { method: "POST" }, env);
    await later!.purge({ kind: "media", key: "a.png" });
    expect(response.headers.has(PURGE_HEADER)).toBe(false);
    expect(logged).toHaveBeenCalledWith(JSON.stringify({ event: "purge_not_relayed", tags: 1 }));
  });
});
