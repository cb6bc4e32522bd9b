import { describe, expect, it } from "vitest";
import { claim, ECHO_AFTER_MS, fullBudget, PURGE_BURST, PURGE_INTERVAL_MS, type PurgeBudget, refused } from "../../src/domain/purge-budget.ts";

const spent = (overrides: Partial<PurgeBudget> = {}): PurgeBudget => ({ tokens: 0, updatedAt: 0, waiting: [], echo: [], echoAt: null, ...overrides });

describe("the purge budget", () => {
  it("lets a burst of purges out at once, then makes writes wait and go out together", () => {
    let budget = fullBudget(0);
    for (let i = 0; i < PURGE_BURST; i++) {
      const result = claim(budget, [`article:${i}`, "comments"], 0);
      expect(result.purgeNow).toEqual([`article:${i}`, "comments"]);
      budget = result.budget;
    }
    const waiting = claim(budget, ["article:90", "comments"], 1_000);
    expect(waiting.purgeNow).toEqual([]);
    expect(waiting.retryAt).toBe(PURGE_INTERVAL_MS);
    const more = claim(waiting.budget, ["article:91", "comments"], 2_000);
    expect(more.purgeNow).toEqual([]);
    // Once a purge is earned, everything waiting goes out in one, with the first purges' echoes, due by then.
    const flushed = claim(more.budget, [], PURGE_INTERVAL_MS);
    expect(flushed.purgeNow).toEqual(["article:90", "comments", "article:91", "article:0", "article:1", "article:2", "article:3", "article:4"]);
    expect(claim(flushed.budget, [], PURGE_INTERVAL_MS + 1).purgeNow).toEqual([]);
  });

  it("earns one purge per interval, never more than a burst", () => {
    expect(claim(spent(), ["a"], PURGE_INTERVAL_MS / 2).purgeNow).toEqual([]);
    expect(claim(spent(), ["a"], PURGE_INTERVAL_MS).purgeNow).toEqual(["a"]);
    expect(claim(spent(), ["a"], PURGE_INTERVAL_MS * 100).budget.tokens).toBe(PURGE_BURST - 1);
  });

  it("purges every tag once more a little later (for misses that were running), but never a third time", () => {
    const first = claim(fullBudget(0), ["article:1", "comments"], 0);
    expect(first.purgeNow).toEqual(["article:1", "comments"]);
    expect(first.retryAt).toBe(ECHO_AFTER_MS);
    expect(claim(first.budget, [], ECHO_AFTER_MS - 1).purgeNow).toEqual([]);
    const echo = claim(first.budget, [], ECHO_AFTER_MS);
    expect(echo.purgeNow).toEqual(["article:1", "comments"]);
    expect(echo.retryAt).toBeNull();
    expect(claim(echo.budget, [], ECHO_AFTER_MS * 10).purgeNow).toEqual([]);
  });

  it("sends a due echo along with the next write's purge, and echoes only the new tags", () => {
    const first = claim(fullBudget(0), ["article:1"], 0);
    const next = claim(first.budget, ["article:2"], ECHO_AFTER_MS + 5);
    expect(next.purgeNow).toEqual(["article:2", "article:1"]);
    expect(next.budget.echo).toEqual(["article:2"]);
  });

  it("after a refusal, keeps the tags waiting and pauses a full interval", () => {
    const result = refused(fullBudget(0), ["article:1", "comments"], 5_000);
    expect(result.budget.waiting).toEqual(["article:1", "comments"]);
    expect(result.retryAt).toBe(5_000 + PURGE_INTERVAL_MS);
    expect(claim(result.budget, [], 5_000 + PURGE_INTERVAL_MS - 1).purgeNow).toEqual([]);
    expect(claim(result.budget, [], 5_000 + PURGE_INTERVAL_MS).purgeNow).toEqual(["article:1", "comments"]);
  });
});
