import { describe, expect, it } from "vitest";
import { articleState } from "../../../src/domain/articles/article.ts";
import { applyEdit, blankArticle, type EditableArticle } from "../../../src/domain/articles/editing.ts";

const now = new Date("2026-06-01T12:00:00Z");
const earlier = new Date("2026-05-01T00:00:00Z");
const later = new Date("2026-07-01T00:00:00Z");
const article = (fields: Partial<EditableArticle>): EditableArticle => ({ ...blankArticle("a", earlier), title: "T", body: "B", ...fields });

describe("applyEdit", () => {
  it("publishes a draft now unless it holds a planned (future) time or is given one", () => {
    expect(applyEdit(article({ status: "draft" }), { status: "published" }, now).next.publishedAt).toEqual(now);
    expect(applyEdit(article({ status: "draft", publishedAt: later }), { status: "published" }, now).next.publishedAt).toEqual(later);
    expect(applyEdit(article({ status: "draft" }), { status: "published", publishedAt: earlier }, now).next.publishedAt).toEqual(earlier);
  });

  it("keeps the time of anything else: republishing doesn't move an article", () => {
    expect(applyEdit(article({ status: "unpublished" }), { status: "published" }, now).next.publishedAt).toEqual(earlier);
    expect(applyEdit(article({ status: "published" }), { title: "New" }, now).next.publishedAt).toEqual(earlier);
  });

  it("names the history's fields that changed, and leaves out what wasn't sent", () => {
    const { next, changed } = applyEdit(article({ summary: "S", author: "A" }), { title: "T2", body: "B", author: null, summary: undefined }, now);
    expect(changed).toEqual(["title"]);
    expect(next).toMatchObject({ title: "T2", summary: "S", body: "B", author: null });
  });
});

describe("articleState", () => {
  it("tells scheduled from published by the time", () => {
    expect(articleState({ status: "published", publishedAt: later }, now)).toBe("scheduled");
    expect(articleState({ status: "published", publishedAt: earlier }, now)).toBe("published");
    expect(articleState({ status: "draft", publishedAt: later }, now)).toBe("draft");
  });
});
