import { describe, expect, it } from "vitest";
import { commentsOpen, defaultDiscussion, discussionPatch, type KeyedFields, matchedKey, resolveDiscussion } from "../../../src/domain/comments/discussion.ts";
import { parseSettings } from "../../../src/domain/settings.ts";
import { fieldErrors } from "../../../src/domain/text-fields.ts";

const fields = (overrides: Partial<KeyedFields> = {}): KeyedFields => ({
  author: "Jane Reader",
  email: "jane@example.org",
  url: null,
  body: "A thoughtful comment.",
  address: "198.51.100.7",
  ...overrides,
});

describe("matchedKey (WordPress's moderation and disallowed keys)", () => {
  it.each<[string, Partial<KeyedFields>, string]>([
    ["the name", { author: "Cheap PILLS Shop" }, "pills"],
    ["the email", { email: "bulk@spam-domain.example" }, "spam-domain.example"],
    ["the website", { url: "https://casino.example/win" }, "casino.example"],
    ["the text", { body: "Visit my CaSiNo today" }, "casino"],
    ["the client address", { address: "203.0.113.44" }, "203.0.113."],
    ["an IPv6 address", { address: "2001:db8:abcd:12::1" }, "2001:DB8:ABCD"],
  ])("finds a key in %s, case-insensitively", (_, overrides, key) => {
    expect(matchedKey(["unrelated", key], fields(overrides))).toBe(key);
    expect(matchedKey(["unrelated"], fields(overrides))).toBeUndefined();
  });

  it("matches inside words, as WordPress does", () => {
    expect(matchedKey(["press"], fields({ body: "I use WordPress daily." }))).toBe("press");
  });

  it("sees through invisible characters and compatibility forms put in to dodge a key", () => {
    expect(matchedKey(["viagra"], fields({ body: "v\u200Bi\u00ADagra" }))).toBe("viagra");
    expect(matchedKey(["casino"], fields({ body: "ｃａｓｉｎｏ" }))).toBe("casino");
  });

  it("ignores blank keys and answers the first that matches", () => {
    expect(matchedKey(["  ", ""], fields())).toBeUndefined();
    expect(matchedKey(["reader", "jane"], fields())).toBe("reader");
    expect(matchedKey([], fields())).toBeUndefined();
  });
});

describe("commentsOpen", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const publishedDaysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

  it("is closed when the article is, whatever its age", () => {
    expect(commentsOpen({ commentStatus: "closed", publishedAt: now }, { closeCommentsAfterDays: 0 }, now)).toBe(false);
  });

  it("closes articles older than the owner's limit, and none when it is 0", () => {
    expect(commentsOpen({ commentStatus: "open", publishedAt: publishedDaysAgo(14) }, { closeCommentsAfterDays: 14 }, now)).toBe(true);
    expect(commentsOpen({ commentStatus: "open", publishedAt: publishedDaysAgo(14.01) }, { closeCommentsAfterDays: 14 }, now)).toBe(false);
    expect(commentsOpen({ commentStatus: "open", publishedAt: publishedDaysAgo(5000) }, { closeCommentsAfterDays: 0 }, now)).toBe(true);
  });
});

describe("discussion settings", () => {
  it("defaults to today's behaviour, moderation and the owner's notifications from the vars", () => {
    expect(defaultDiscussion(parseSettings({ COMMENT_MODERATION: "all" }))).toMatchObject({
      commentsOpenByDefault: true,
      closeCommentsAfterDays: 0,
      moderation: "all",
      maxLinks: 2,
      moderationKeys: [],
      disallowedKeys: [],
      threadDepth: 5,
      commentsPerPage: 50,
      defaultCommentsPage: "newest",
      commentOrder: "oldest-first",
      notifyOnComment: false,
      notifyOnHeld: true,
      notifyEmails: [],
    });
    const owner = parseSettings({ NOTIFY_ON_COMMENT: "true", NOTIFY_ON_HELD: "false", NOTIFY_EMAILS: "owner@localhost" });
    expect(defaultDiscussion(owner)).toMatchObject({ notifyOnComment: true, notifyOnHeld: false, notifyEmails: ["owner@localhost"] });
  });

  it("takes the owner's addresses as the vars do: plain ones, whatever the domain", () => {
    expect(discussionPatch.parse({ notifyEmails: [" owner@localhost ", "desk@news.example"] }).notifyEmails).toEqual(["owner@localhost", "desk@news.example"]);
    for (const bad of ["owner@", "Desk <desk@news.example>", "a@news.example,b@news.example", "a@news.example\r\nBcc: x@example.com"]) {
      expect(discussionPatch.safeParse({ notifyEmails: [bad] }).success).toBe(false);
    }
  });

  it("keeps stored values that are still valid and falls back to the default for the rest", () => {
    const stored = [
      { name: "threadDepth", value: 3 },
      { name: "commentsPerPage", value: 1 }, // below today's minimum
      { name: "retired", value: true },
      { name: "moderationKeys", value: ["casino"] },
    ];
    const settings = resolveDiscussion(stored, defaultDiscussion(parseSettings({})));
    expect(settings).toMatchObject({ threadDepth: 3, commentsPerPage: 50, moderationKeys: ["casino"] });
    expect(settings).not.toHaveProperty("retired");
  });

  it("takes the allowed sites from EMBED_ORIGINS until the owner saves their own, normalized and without repeats", () => {
    expect(defaultDiscussion(parseSettings({ EMBED_ORIGINS: "https://blog.example.com" })).allowedOrigins).toEqual(["https://blog.example.com"]);
    expect(discussionPatch.parse({ allowedOrigins: ["https://A.example.com/", "https://a.example.com"] }).allowedOrigins).toEqual(["https://a.example.com"]);
    expect(discussionPatch.safeParse({ allowedOrigins: ["https://a.example.com/page"] }).success).toBe(false);
    expect(discussionPatch.safeParse({ allowedOrigins: Array.from({ length: 101 }, (_, i) => `https://s${i}.example.com`) }).success).toBe(false);
  });

  it("trims keys and drops blank and repeated ones", () => {
    expect(discussionPatch.parse({ moderationKeys: ["  casino ", "", "casino", "pills"] }).moderationKeys).toEqual(["casino", "pills"]);
  });

  it("names each bad value", () => {
    const parsed = discussionPatch.safeParse({
      threadDepth: 11,
      commentsPerPage: 2.5,
      moderation: "some",
      commentsOpenByDefault: "yes",
      disallowedKeys: "casino",
      notifyEmails: ["not an email"],
      aiSpamThreshold: 0.2,
    });
    expect(parsed.success).toBe(false);
    expect(Object.keys(fieldErrors(parsed.error!)).sort()).toEqual([
      "aiSpamThreshold",
      "commentsOpenByDefault",
      "commentsPerPage",
      "disallowedKeys",
      "moderation",
      "notifyEmails",
      "threadDepth",
    ]);
  });
});
