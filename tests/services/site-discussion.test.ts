import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../src/db/client.ts";
import { InstrumentedD1 } from "../../src/db/instrumented-d1.ts";
import { parseSettings } from "../../src/domain/settings.ts";
import { DISCUSSION_CACHE_MS, discussionSettings, updateDiscussion } from "../../src/services/site-discussion.ts";
import { seedArticle } from "../helpers.ts";
import { recordingEffects } from "./recording-effects.ts";

afterEach(() => vi.useRealTimers());

const firstTime = parseSettings({ COMMENT_MODERATION: "first-time" });

function countingDb() {
  const counter = new InstrumentedD1();
  return { db: createDb(counter.wrap(env.DB)), counter };
}

describe("discussionSettings, cached per isolate", () => {
  it("reads D1 once, then answers from the isolate's copy until it is half a minute old", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-01T00:00:00Z"));
    const { db, counter } = countingDb();
    await updateDiscussion(db, recordingEffects().effects, firstTime, { threadDepth: 4 }, new Date());
    const writes = counter.count;

    // Changed behind this isolate's back (another isolate, or the console).
    await env.DB.prepare("UPDATE discussion_settings SET value = '7' WHERE name = 'threadDepth'").run();
    expect((await discussionSettings(db, firstTime)).threadDepth).toBe(4);
    vi.setSystemTime(Date.now() + DISCUSSION_CACHE_MS - 1);
    expect((await discussionSettings(db, firstTime)).threadDepth).toBe(4);
    expect(counter.count).toBe(writes);

    vi.setSystemTime(Date.now() + 2);
    expect((await discussionSettings(db, firstTime)).threadDepth).toBe(7);
    expect(counter.count).toBe(writes + 1);
  });

  it("sees its own change at once, and takes unset settings from the vars", async () => {
    const { db } = countingDb();
    expect((await updateDiscussion(db, recordingEffects().effects, firstTime, { maxLinks: 9 }, new Date())).maxLinks).toBe(9);
    expect(await discussionSettings(db, firstTime)).toMatchObject({ maxLinks: 9, moderation: "first-time" });
    const all = parseSettings({ COMMENT_MODERATION: "all" });
    expect((await discussionSettings(db, all)).moderation).toBe("all");
    expect((await updateDiscussion(db, recordingEffects().effects, all, { moderation: "none" }, new Date())).moderation).toBe("none");
  });

  it("takes the owner's notification choices from the vars until the owner sets them", async () => {
    const { db } = countingDb();
    const vars = parseSettings({ NOTIFY_EMAILS: "desk@news.example, owner@localhost", NOTIFY_ON_COMMENT: "true", NOTIFY_ON_HELD: "false" });
    expect(await discussionSettings(db, vars)).toMatchObject({
      notifyEmails: ["desk@news.example", "owner@localhost"],
      notifyOnComment: true,
      notifyOnHeld: false,
    });
    expect(await discussionSettings(db, firstTime)).toMatchObject({ notifyEmails: [], notifyOnComment: false, notifyOnHeld: true });
    const set = await updateDiscussion(db, recordingEffects().effects, vars, { notifyEmails: ["editor@news.example"], notifyOnHeld: true }, new Date());
    expect(set).toMatchObject({ notifyEmails: ["editor@news.example"], notifyOnComment: true, notifyOnHeld: true });
    expect(await discussionSettings(db, firstTime)).toMatchObject({ notifyEmails: ["editor@news.example"], notifyOnComment: false, notifyOnHeld: true });
    await updateDiscussion(db, recordingEffects().effects, vars, { notifyEmails: [], notifyOnHeld: true, notifyOnComment: false }, new Date());
  });
});

describe("updateDiscussion and article pages", () => {
  const versionOf = async (tag: string) =>
    (await env.DB.prepare("SELECT version FROM cache_versions WHERE tag = ?").bind(tag).first<{ version: number }>())?.version ?? 0;

  it("purges every article page and bumps every article's renderings when a setting the pages follow changes, and only then", async () => {
    const { db } = countingDb();
    const { guid } = await seedArticle();
    const article = await env.DB.prepare("SELECT id FROM articles WHERE guid = ?").bind(guid).first<{ id: number }>();
    const tag = `article:${article!.id}`;
    // From a known value, so the next change is one.
    await updateDiscussion(db, recordingEffects().effects, firstTime, { commentOrder: "oldest-first" }, new Date());
    const before = await versionOf(tag);

    const changed = recordingEffects();
    await updateDiscussion(db, changed.effects, firstTime, { commentOrder: "newest-first", maxLinks: 3 }, new Date());
    expect(changed.purged).toEqual([{ kind: "discussion" }]);
    expect(await versionOf(tag)).toBe(before + 1);

    // The same values again, or settings no page shows: nothing to purge, nothing re-rendered.
    const unchanged = recordingEffects();
    await updateDiscussion(db, unchanged.effects, firstTime, { commentOrder: "newest-first", maxLinks: 4, threadDepth: 3 }, new Date());
    expect(unchanged.purged).toEqual([]);
    expect(await versionOf(tag)).toBe(before + 1);
    await updateDiscussion(db, recordingEffects().effects, firstTime, { commentOrder: "oldest-first", maxLinks: 2, threadDepth: 5 }, new Date());
  });
});
