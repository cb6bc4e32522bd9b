import { describe, expect, it } from "vitest";
import { formatDeskTime, parseDeskTime, readDeskForm } from "../../../src/domain/articles/desk-form.ts";

const now = new Date("2026-06-01T12:00:00Z");
const form = (fields: Record<string, string>) => readDeskForm({ title: "A title", body: "A body", ...fields }, now);

describe("the desk's time fields", () => {
  it("read a datetime-local value as UTC, with or without seconds, and refuse impossible dates", () => {
    expect(parseDeskTime("2026-06-01T12:30")?.toISOString()).toBe("2026-06-01T12:30:00.000Z");
    expect(parseDeskTime("2026-06-01T12:30:05")?.toISOString()).toBe("2026-06-01T12:30:05.000Z");
    expect(parseDeskTime("2026-02-31T12:00")).toBeUndefined();
    expect(parseDeskTime("2026-06-01T24:00")).toBeUndefined();
    expect(parseDeskTime("tomorrow")).toBeUndefined();
    expect(formatDeskTime(new Date("2026-06-01T12:30:05.123Z"))).toBe("2026-06-01T12:30:05");
  });
});

describe("readDeskForm", () => {
  it("turns each button into a status", () => {
    const status = (action: string) => {
      const result = form({ action, publishedAt: "2026-06-02T00:00" });
      return result.ok ? result.submission.edit.status : "refused";
    };
    expect(["draft", "publish", "schedule", "unpublish", "preview", "upload"].map(status)).toEqual([
      "draft",
      "published",
      "published",
      "unpublished",
      undefined,
      undefined,
    ]);
  });

  it("publishes now when the time given is in the future (that is what Schedule is for), backdates to a past one", () => {
    const future = form({ action: "publish", publishedAt: "2026-07-01T00:00" });
    expect(future.ok && future.submission.edit.publishedAt).toEqual(now);
    const past = form({ action: "publish", publishedAt: "2020-01-01T00:00" });
    expect(past.ok && past.submission.edit.publishedAt).toEqual(new Date("2020-01-01T00:00:00Z"));
    const none = form({ action: "publish" });
    expect(none.ok && "publishedAt" in none.submission.edit).toBe(false);
  });

  it("needs what each action needs, and names the fields", () => {
    expect(form({ action: "schedule", publishedAt: "2026-05-01T00:00" })).toMatchObject({ ok: false, errors: { publishedAt: expect.any(String) } });
    expect(form({ action: "schedule" })).toMatchObject({ ok: false, errors: { publishedAt: expect.any(String) } });
    expect(form({ action: "publish", body: "" })).toMatchObject({ ok: false, errors: { body: expect.any(String) } });
    expect(form({ action: "draft", title: " ", body: "" })).toMatchObject({ ok: false, errors: { title: expect.any(String) } });
    expect(form({ action: "draft", body: "" }).ok).toBe(true); // a draft may have no body yet
    expect(form({ action: "preview", title: "" }).ok).toBe(true);
    expect(form({ action: "draft", slug: "Bad Slug" })).toMatchObject({ ok: false, errors: { slug: expect.any(String) } });
    expect(form({ action: "draft", publishedAt: "soon" })).toMatchObject({ ok: false, errors: { publishedAt: expect.any(String) } });
    expect(form({ action: "delete-everything" })).toMatchObject({ ok: false, errors: { action: expect.any(String) } });
  });

  it("normalizes text as every field is stored, and empties to null", () => {
    const result = form({ action: "draft", title: "  Title\r\n", body: "Line one\r\nLine two", author: "  ", source: " example.com ", featuredImage: "" });
    expect(result.ok && result.submission.edit).toMatchObject({
      title: "Title",
      body: "Line one\nLine two",
      author: null,
      source: "example.com",
      featuredImage: null,
    });
  });

  it("reads the section as a name and the tags as names separated by commas; empty ones are none", () => {
    expect(form({ action: "draft", section: " World News ", tags: "Pakistan, , U.S. Policy ," })).toMatchObject({
      ok: true,
      submission: { edit: { section: "World News", tags: ["Pakistan", "U.S. Policy"] } },
    });
    expect(form({ action: "draft" })).toMatchObject({ ok: true, submission: { edit: { section: null, tags: [] } } });
    expect(form({ action: "draft", section: "!!!" })).toMatchObject({ ok: false, errors: { section: expect.stringContaining("letter or digit") } });
    expect(form({ action: "draft", tags: "ok, 日本" })).toMatchObject({ ok: false, errors: { tags: expect.stringContaining("“日本”") } });
    expect(form({ action: "draft", tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(",") })).toMatchObject({
      ok: false,
      errors: { tags: "Give at most 20 tags." },
    });
  });
});
