import { describe, expect, it } from "vitest";
import { slugify } from "../../../src/domain/articles/slugify.ts";
import { articleTerms, sectionAndTags, termPath } from "../../../src/domain/articles/terms.ts";

describe("slugify", () => {
  it("makes URL-safe slugs from any title", () => {
    expect(slugify("Ça va? Émigrés & the U.S.")).toBe("ca-va-emigres-the-u-s");
    expect(slugify("  --  ")).toBe("");
  });
});

describe("article terms", () => {
  it("slug names (or WordPress nicenames), drop repeats and names without a letter or digit, section first", () => {
    const terms = articleTerms({ name: " World News " }, [{ name: "Pakistan" }, { name: "pakistan" }, { name: "日本" }, { name: "U.S.", slug: "usa" }]);
    expect(terms).toEqual([
      { taxonomy: "section", slug: "world-news", name: "World News" },
      { taxonomy: "tag", slug: "pakistan", name: "Pakistan" },
      { taxonomy: "tag", slug: "usa", name: "U.S." },
    ]);
    expect(sectionAndTags(terms).section?.name).toBe("World News");
    expect(sectionAndTags(terms).tags.map((tag) => tag.slug)).toEqual(["pakistan", "usa"]);
    expect(articleTerms(null)).toEqual([]);
  });

  it("live under /sections and /tags", () => {
    expect(termPath({ taxonomy: "section", slug: "news" })).toBe("/sections/news");
    expect(termPath({ taxonomy: "tag", slug: "a-b" })).toBe("/tags/a-b");
  });
});
