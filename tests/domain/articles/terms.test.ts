import { describe, expect, it } from "vitest";
import { articleTerms, editedTerms, sameTerms, sectionAndTags, termPath, termsOfBoth } from "../../../src/domain/articles/terms.ts";

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

describe("editing an article's terms", () => {
  const current = articleTerms({ name: "World" }, [{ name: "Pakistan" }, { name: "Security" }]);

  it("sets what is given (null removes the section, a list replaces the tags) and keeps what isn't", () => {
    expect(editedTerms(current, undefined, undefined)).toEqual(current);
    expect(editedTerms(current, "Analysis", undefined).map((term) => term.slug)).toEqual(["analysis", "pakistan", "security"]);
    expect(editedTerms(current, null, undefined).map((term) => term.slug)).toEqual(["pakistan", "security"]);
    expect(editedTerms(current, undefined, ["Elections"]).map((term) => term.slug)).toEqual(["world", "elections"]);
    expect(editedTerms(current, undefined, [])).toEqual([current[0]]);
  });

  it("compares by taxonomy and slug, in any order (a term keeps the name it was first written with)", () => {
    expect(sameTerms(current, [...current].reverse())).toBe(true);
    expect(sameTerms(current, articleTerms({ name: "WORLD" }, [{ name: "pakistan" }, { name: "security" }]))).toBe(true);
    expect(sameTerms(current, articleTerms(null, [{ name: "World" }, { name: "Pakistan" }, { name: "Security" }]))).toBe(false);
    expect(sameTerms(current, current.slice(1))).toBe(false);
  });

  it("names every term an article left and joined, once", () => {
    const after = articleTerms({ name: "World" }, [{ name: "Elections" }]);
    expect(termsOfBoth(current, after).map((term) => `${term.taxonomy}:${term.slug}`)).toEqual([
      "section:world",
      "tag:pakistan",
      "tag:security",
      "tag:elections",
    ]);
  });
});
