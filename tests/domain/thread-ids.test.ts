import { describe, expect, it } from "vitest";
import {
  isCountId,
  isOutsideThreadId,
  normalizeOrigin,
  onAllowedSite,
  originOfUrl,
  outsideSlug,
  pageFitsThread,
  slugOfCountId,
  threadIdForUrl,
  threadIdOfSlug,
} from "../../src/domain/thread-ids.ts";

describe("a page's default thread id", () => {
  it("is its canonical URL when that fits: origin and path, no query or fragment", () => {
    expect(threadIdForUrl("https://blog.example.com/2024/05/first-post/")).toBe("https://blog.example.com/2024/05/first-post/");
    expect(threadIdForUrl("https://Blog.Example.com/post?utm_source=x#comments")).toBe("https://blog.example.com/post");
    expect(threadIdForUrl("http://127.0.0.1:8000/a")).toBe("http://127.0.0.1:8000/a");
  });

  it("writes other characters as ~XX, percent-escapes included, so every id is one a path can carry", () => {
    const id = threadIdForUrl("https://blog.example.com/ur/کتاب (1)/~x")!;
    expect(id).toBe("https://blog.example.com/ur/~DA~A9~D8~AA~D8~A7~D8~A8~20~281~29/~7Ex");
    expect(isOutsideThreadId(id)).toBe(true);
    // The same page spelled with or without escapes is the same thread.
    expect(threadIdForUrl("https://blog.example.com/a%20b")).toBe(threadIdForUrl("https://blog.example.com/a b"));
  });

  it("stays within 200 characters, distinct for distinct long URLs", () => {
    const long = (tail: string) => `https://blog.example.com/${"a".repeat(300)}${tail}`;
    const [a, b] = [threadIdForUrl(long("x"))!, threadIdForUrl(long("y"))!];
    expect(a.length).toBeLessThanOrEqual(200);
    expect(a).toMatch(/~~[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    expect(threadIdForUrl(long("x"))).toBe(a);
    expect(isOutsideThreadId(a)).toBe(true);
  });

  it("is undefined for what is not an http(s) URL", () => {
    for (const url of ["javascript:alert(1)", "ftp://x.example/a", "not a url", ""]) expect(threadIdForUrl(url)).toBeUndefined();
  });
});

describe("thread ids and slugs", () => {
  it("accepts 1–200 of A-Za-z0-9._~:/- for an outside thread, not article:… (our articles' count ids)", () => {
    for (const id of ["post-1", "https://x.example/a/b", "a.b_c~d:e/f-g", "x".repeat(200)]) expect(isOutsideThreadId(id)).toBe(true);
    for (const id of ["", "x".repeat(201), "a b", "a?b", "é", "article:x", ".", ".."]) expect(isOutsideThreadId(id)).toBe(false);
  });

  it("stores an outside thread under a slug no article can have, and maps count ids to slugs", () => {
    expect(outsideSlug("https://x.example/a")).toBe("thread:https://x.example/a");
    expect(threadIdOfSlug("thread:https://x.example/a")).toBe("https://x.example/a");
    expect(threadIdOfSlug("us-pakistan")).toBeUndefined();
    expect(slugOfCountId("article:us-pakistan")).toBe("us-pakistan");
    expect(slugOfCountId("post-1")).toBe("thread:post-1");
  });
});

describe("origins", () => {
  it("normalizes a site's origin, refusing anything with a path, query, credentials or another scheme", () => {
    expect(normalizeOrigin("https://Blog.Example.com/")).toBe("https://blog.example.com");
    expect(normalizeOrigin(" http://127.0.0.1:8443 ")).toBe("http://127.0.0.1:8443");
    expect(normalizeOrigin("https://blog.example.com:443")).toBe("https://blog.example.com");
    for (const bad of ["https://blog.example.com/x", "https://blog.example.com?x", "https://u:p@blog.example.com", "ftp://x.example", "blog.example.com", ""]) {
      expect(normalizeOrigin(bad)).toBeUndefined();
    }
  });

  it("finds the origin of a page's URL", () => {
    expect(originOfUrl("https://blog.example.com/a?b#c")).toBe("https://blog.example.com");
    expect(originOfUrl("data:text/html,x")).toBeUndefined();
  });
});

describe("which page a thread is", () => {
  it("ties a thread whose id is a page's address to that page (either scheme); an id the host chose to any page", () => {
    expect(pageFitsThread("https://blog.example.com/a/", "https://blog.example.com/a/?utm_source=x#c")).toBe(true);
    expect(pageFitsThread("http://blog.example.com/a/", "https://blog.example.com/a/")).toBe(true);
    expect(pageFitsThread("https://blog.example.com/a/", "https://blog.example.com/b/")).toBe(false);
    expect(pageFitsThread("https://blog.example.com/a/", "https://evil.example.com/a/")).toBe(false);
    expect(pageFitsThread("post-42", "https://blog.example.com/b/")).toBe(true);
  });

  it("moves an imported link to the allowed site of its host, https first, and finds none for other hosts", () => {
    const allowed = ["http://blog.example.com", "https://blog.example.com", "https://news.example.org:8443"];
    expect(onAllowedSite("http://blog.example.com/a?b=1", allowed)).toBe("http://blog.example.com/a?b=1");
    expect(onAllowedSite("http://www.blog.example.com/a?b=1", allowed)).toBe("https://blog.example.com/a?b=1");
    expect(onAllowedSite("https://news.example.org/x", allowed)).toBe("https://news.example.org:8443/x");
    expect(onAllowedSite("https://elsewhere.example.net/a", allowed)).toBeUndefined();
    expect(onAllowedSite("javascript:alert(1)", allowed)).toBeUndefined();
  });

  it("counts outside threads and our articles (article:<slug>), nothing else", () => {
    expect(["article:us-pakistan", "https://blog.example.com/a", "post-42"].every(isCountId)).toBe(true);
    expect(["article:Not A Slug", "article:", "a b", "..", ""].some(isCountId)).toBe(false);
  });
});
