import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { formatDeskTime } from "../../src/domain/articles/desk-form.ts";
import { adminFetch, adminFormPost, draftArticle, fetchWorker, postApprovedComment, sameIsolate, seedArticle, signInToAdmin } from "../helpers.ts";
import { IMAGES, imageFile } from "../images.ts";
import { type HtmlDocument, parseDocument, textareaValue } from "../parse-html.ts";

let cookie: string;
beforeAll(async () => {
  cookie = await signInToAdmin();
});

const page = async (path: string) => {
  const response = await fetchWorker(path, { headers: { Cookie: cookie } });
  return { response, document: parseDocument(await response.text()) };
};

const csrfOf = (document: HtmlDocument) => document.querySelector('input[name="csrf"]')!.getAttribute("value")!;

/** The editor's fields as the page holds them, ready to post back with changes and a button. */
function editorFields(document: HtmlDocument): Record<string, string> {
  const form = document.querySelector("form.editor")!;
  const fields: Record<string, string> = {};
  for (const input of form.querySelectorAll("input[name], textarea[name]")) {
    const name = input.getAttribute("name")!;
    const type = input.getAttribute("type");
    if (type === "file" || type === "checkbox") continue;
    if (type === "radio") {
      if (input.hasAttribute("checked")) fields[name] = input.getAttribute("value")!;
      continue;
    }
    fields[name] = input.tagName === "TEXTAREA" ? textareaValue(input) : (input.getAttribute("value") ?? "");
  }
  return fields;
}

/** Opens the editor at `path`, changes `changes`, presses `action`. */
async function submit(path: string, changes: Record<string, string | File>, action: string) {
  const { document } = await page(path);
  const form = document.querySelector("form.editor")!;
  return adminFormPost(form.getAttribute("action")!, { ...editorFields(document), ...changes, action }, { Cookie: cookie });
}

const unique = (title: string) => `${title} ${crypto.randomUUID().slice(0, 8)}`;
const articleIdFrom = (response: Response) => Number(/\/admin\/articles\/(\d+)\?/.exec(response.headers.get("Location")!)![1]);

async function newDraft(changes: Record<string, string> = {}) {
  const response = await submit("/admin/articles/new", { title: unique("Desk draft"), body: "Draft body.", ...changes }, "draft");
  expect(response.status).toBe(303);
  return articleIdFrom(response);
}

const stored = async (id: number) => {
  const { document } = await page(`/admin/articles/${id}`);
  return { document, fields: editorFields(document) };
};

describe("the desk, signed out", () => {
  it("asks for the token on any desk page, then comes back to it", async () => {
    const response = await fetchWorker("/admin/articles?status=draft");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const document = parseDocument(await response.text());
    expect(document.querySelector('input[name="next"]')!.getAttribute("value")).toBe("/admin/articles?status=draft");
    const signedIn = await adminFormPost("/admin/session", { token: env.ADMIN_TOKEN, next: "/admin/articles?status=draft" });
    expect(signedIn.headers.get("Location")).toBe("/admin/articles?status=draft");
    for (const next of ["https://evil.example/admin", "//evil.example/admin", "/admin/../x", "/elsewhere"]) {
      expect((await adminFormPost("/admin/session", { token: env.ADMIN_TOKEN, next })).headers.get("Location"), next).toBe("/admin");
    }
  });

  it("refuses every desk form without the session, its anti-forgery token or the same origin", async () => {
    const id = await newDraft();
    const { document } = await page(`/admin/articles/${id}`);
    const fields = { ...editorFields(document), action: "publish" };
    expect((await adminFormPost(`/admin/articles/${id}`, fields)).status).toBe(403);
    expect((await adminFormPost(`/admin/articles/${id}`, { ...fields, csrf: "0".repeat(32) }, { Cookie: cookie })).status).toBe(403);
    expect((await adminFormPost(`/admin/articles/${id}`, fields, { Cookie: cookie, Origin: "https://evil.example" })).status).toBe(403);
    expect((await adminFormPost("/admin/articles", fields, { Cookie: cookie, Origin: "https://evil.example" })).status).toBe(403);
    expect((await stored(id)).document.querySelector(".state")!.textContent).toBe("Draft");
  });
});

describe("writing an article", () => {
  it("saves a draft with a slug made from its title, unique, readers seeing nothing", async () => {
    const title = unique("Ça va? Émigrés");
    const first = await newDraft({ title });
    const second = await newDraft({ title });
    const { fields, document } = await stored(first);
    expect(fields.slug).toBe(`ca-va-emigres-${title.slice(-8)}`);
    expect((await stored(second)).fields.slug).toBe(`${fields.slug}-2`);
    expect(document.querySelector("[role=status]")).toBeNull();
    expect((await page(`/admin/articles/${first}?saved=draft`)).document.querySelector("[role=status]")!.textContent).toBe("Draft saved.");
    expect(document.querySelector(".state")!.textContent).toBe("Draft");
    // A draft's time is only when it was started: shown empty, it means "now" when published.
    expect(fields.publishedAt).toBe("");
    expect((await fetchWorker(`/articles/${fields.slug}`)).status).toBe(404);
  });

  it("previews exactly what readers will see, sanitized, without saving", async () => {
    const id = await newDraft();
    const response = await submit(
      `/admin/articles/${id}`,
      { title: "Previewed <em>title</em>", body: "Some **bold** text.\n\n<script>alert(1)</script>", author: "Pat Writer" },
      "preview",
    );
    expect(response.status).toBe(200);
    const document = parseDocument(await response.text());
    const preview = document.querySelector(".preview article")!;
    expect(preview.querySelector("h1")!.textContent).toBe("Previewed <em>title</em>");
    expect(preview.querySelector(".byline")!.textContent).toBe("Pat Writer");
    expect(preview.querySelector(".article-body strong")!.textContent).toBe("bold");
    expect(preview.querySelectorAll("script")).toHaveLength(0);
    // The fields keep what was typed; nothing was saved.
    expect(textareaValue(document.querySelector("#article-body")!)).toBe("Some **bold** text.\n\n<script>alert(1)</script>");
    expect((await stored(id)).fields.title).not.toBe("Previewed <em>title</em>");
  });

  it("publishes, updates (a revision appears), and unpublishes", async () => {
    const id = await newDraft();
    const published = await submit(`/admin/articles/${id}`, {}, "publish");
    expect(published.headers.get("Location")).toBe(`/admin/articles/${id}?saved=publish`);
    const { fields, document } = await stored(id);
    expect(document.querySelector(".state")!.textContent).toBe("Published");
    expect((await fetchWorker(`/articles/${fields.slug}`)).status).toBe(200);
    expect(document.querySelector('button[value="publish"]')!.textContent).toBe("Update");

    await submit(`/admin/articles/${id}`, { body: "A better body." }, "publish");
    expect(await (await fetchWorker(`/articles/${fields.slug}`)).text()).toContain("<p>A better body.</p>");
    const revisions = (await stored(id)).document.querySelectorAll(".revisions li");
    expect(revisions).toHaveLength(2);
    expect(revisions[0]!.textContent).toContain("changed: body");
    expect(revisions[0]!.textContent).toContain("the owner, in the desk");
    expect(revisions[0]!.textContent).toContain("current");

    await submit(`/admin/articles/${id}`, {}, "unpublish");
    expect((await stored(id)).document.querySelector(".state")!.textContent).toBe("Unpublished");
    expect((await fetchWorker(`/articles/${fields.slug}`)).status).toBe(404);
  });

  it("files the article in a section and under tags, which its page links and their pages list; the editor shows them again", async () => {
    const id = await newDraft({ section: "Desk Section", tags: "Desk Tag, Another" });
    await submit(`/admin/articles/${id}`, {}, "publish");
    const { fields } = await stored(id);
    // Tags are kept in the order of their addresses.
    expect([fields.section, fields.tags]).toEqual(["Desk Section", "Another, Desk Tag"]);
    const article = parseDocument(await (await fetchWorker(`/articles/${fields.slug}`)).text());
    expect(article.querySelector('header .meta a[href="/sections/desk-section"]')!.textContent).toBe("Desk Section");
    expect([...article.querySelectorAll('a[rel="tag"]')].map((link) => link.getAttribute("href")).sort()).toEqual(["/tags/another", "/tags/desk-tag"]);
    expect(await (await fetchWorker("/tags/desk-tag")).text()).toContain(`/articles/${fields.slug}`);

    await submit(`/admin/articles/${id}`, { section: "", tags: "Another" }, "publish");
    expect((await fetchWorker("/sections/desk-section")).status).toBe(200);
    expect(await (await fetchWorker("/sections/desk-section")).text()).not.toContain(`/articles/${fields.slug}`);
    expect(await (await fetchWorker("/tags/desk-tag")).text()).not.toContain(`/articles/${fields.slug}`);
    const refused = await submit(`/admin/articles/${id}`, { tags: "fine, ???" }, "publish");
    expect(refused.status).toBe(422);
    expect(parseDocument(await refused.text()).querySelector("#article-tags-error")!.textContent).toContain("letter or digit");
  });

  it("schedules only for a future time, and shows when it goes live", async () => {
    const id = await newDraft();
    const past = await submit(`/admin/articles/${id}`, { publishedAt: "2020-01-01T10:00" }, "schedule");
    expect(past.status).toBe(422);
    const document = parseDocument(await past.text());
    expect(document.querySelector("#article-publishedAt-error")!.textContent).toBe("Choose a time in the future to schedule it.");
    expect(document.querySelector("#article-publishedAt")!.getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector("#article-publishedAt")!.getAttribute("value")).toBe("2020-01-01T10:00");

    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    expect((await submit(`/admin/articles/${id}`, { publishedAt: formatDeskTime(at) }, "schedule")).status).toBe(303);
    const scheduled = await stored(id);
    expect(scheduled.document.querySelector(".state")!.textContent).toBe("Scheduled");
    expect(scheduled.document.querySelector("#article-status time")!.getAttribute("datetime")).toBe(at.toISOString());
    expect(scheduled.fields.publishedAt).toBe(formatDeskTime(at));
    expect((await fetchWorker(`/articles/${scheduled.fields.slug}`)).status).toBe(404);
    // "Publish now" takes it live at once, whatever the time field says.
    await submit(`/admin/articles/${id}`, {}, "publish");
    expect((await fetchWorker(`/articles/${scheduled.fields.slug}`)).status).toBe(200);
  });

  it("changes the slug: the old address answers 301 to the new one", async () => {
    const id = await newDraft();
    await submit(`/admin/articles/${id}`, {}, "publish");
    const before = (await stored(id)).fields.slug;
    const after = `moved-${crypto.randomUUID().slice(0, 8)}`;
    await submit(`/admin/articles/${id}`, { slug: after }, "publish");
    const response = await fetchWorker(`/articles/${before}`, { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe(`/articles/${after}`);
    const taken = await submit(`/admin/articles/${await newDraft()}`, { slug: after }, "draft");
    expect(taken.status).toBe(409);
    expect(parseDocument(await taken.text()).querySelector("#article-slug-error")!.textContent).toContain("Another article already has this address");
    const bad = await submit(`/admin/articles/${id}`, { slug: "Not a slug!" }, "draft");
    expect(bad.status).toBe(422);
  });

  it("answers a save over someone else's newer save with 409, keeping the text typed", async () => {
    const id = await newDraft();
    const { document } = await page(`/admin/articles/${id}`);
    const mine = { ...editorFields(document), body: "My version.", action: "draft" };
    await adminFetch(`/articles/${editorFields(document).slug}`, { method: "PATCH", json: { body: "Their version." } });
    const conflict = await adminFormPost(`/admin/articles/${id}`, mine, { Cookie: cookie });
    expect(conflict.status).toBe(409);
    const shown = parseDocument(await conflict.text());
    expect(shown.querySelector("[role=alert]")!.textContent).toContain("saved elsewhere");
    expect(textareaValue(shown.querySelector("#article-body")!)).toBe("My version.");
    // Saving again is now a choice: it replaces theirs, which stays in the history.
    expect((await adminFormPost(`/admin/articles/${id}`, { ...mine, version: editorFields(shown).version! }, { Cookie: cookie })).status).toBe(303);
    const bodies = [...(await stored(id)).document.querySelectorAll(".revisions pre")].map((pre) => pre.textContent);
    expect(bodies.slice(0, 2)).toEqual(["My version.", "Their version."]);
  });

  it.each(["draft", "preview"])("answers Markdown nested too deeply with 422 beside the body (%s), never 500", async (action) => {
    const response = await submit("/admin/articles/new", { title: "Deep", body: `${">".repeat(20_000)} deep` }, action);
    expect(response.status).toBe(422);
    expect(parseDocument(await response.text()).querySelector("#article-body-error")!.textContent).toContain("nests too deeply");
  });

  it("restores a revision", async () => {
    const id = await newDraft({ body: "First words." });
    await submit(`/admin/articles/${id}`, { body: "Second words." }, "draft");
    const { document } = await stored(id);
    const restore = document.querySelector(".revisions li:last-child form")!;
    const response = await adminFormPost(restore.getAttribute("action")!, { csrf: csrfOf(document) }, { Cookie: cookie });
    expect(response.headers.get("Location")).toBe(`/admin/articles/${id}?saved=restore`);
    expect((await stored(id)).fields.body).toBe("First words.");
  });
});

describe("images in the editor", () => {
  it("uploads an image, keeps the unsaved text, gives the Markdown and can make it the featured image", async () => {
    const id = await newDraft();
    const response = await submit(
      `/admin/articles/${id}`,
      { body: "Unsaved text.", file: imageFile(IMAGES.png, "chart.png"), alt: "A chart", setFeatured: "1" },
      "upload",
    );
    expect(response.status).toBe(200);
    const document = parseDocument(await response.text());
    const markdown = document.querySelector("#uploaded-markdown")!.getAttribute("value")!;
    expect(markdown).toMatch(/^!\[A chart\]\(\/media\/[0-9a-f]{64}\.png\)$/);
    expect(textareaValue(document.querySelector("#article-body")!)).toBe("Unsaved text.");
    const chosen = document.querySelector('input[name="featuredImage"][checked]')!;
    expect(chosen.getAttribute("value")).toBe(/\((.*)\)/.exec(markdown)![1]);
    expect(chosen.closest("label")!.textContent).toContain("A chart");

    await adminFormPost(`/admin/articles/${id}`, { ...editorFields(document), action: "publish" }, { Cookie: cookie });
    const { fields } = await stored(id);
    const article = parseDocument(await (await fetchWorker(`/articles/${fields.slug}`)).text());
    expect(article.querySelector(".featured-image img")!.getAttribute("alt")).toBe("A chart");
  });

  it.each([
    ["a file that isn't an image", { file: new File(["plain text"], "photo.png", { type: "image/png" }), alt: "x" }, 415, "file", "not a JPEG, PNG"],
    ["an image over 10 MB", { file: imageFile(new Uint8Array(10 * 1024 * 1024 + 1).fill(1, 20), "big.png"), alt: "x" }, 413, "file", "larger than 10 MB"],
    ["an image without alt text", { file: imageFile(IMAGES.jpeg, "photo.jpg"), alt: "" }, 422, "alt", "alt text"],
  ])("refuses %s with a message beside the field, keeping the text typed", async (_, upload, status, field, message) => {
    const id = await newDraft();
    const response = await submit(`/admin/articles/${id}`, { title: "Kept title", ...upload }, "upload");
    expect(response.status).toBe(status);
    const document = parseDocument(await response.text());
    expect(document.querySelector(`#article-${field}-error`)!.textContent).toContain(message);
    expect(document.querySelector(`#article-${field}`)!.getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector("#article-title")!.getAttribute("value")).toBe("Kept title");
  });

  it("works without an R2 bucket and says uploads are off", async () => {
    const { MEDIA: _, ...withoutBucket } = env;
    const response = await sameIsolate.request("/admin/articles/new", { headers: { Cookie: cookie } }, withoutBucket);
    const document = parseDocument(await response.text());
    expect(document.querySelector(".upload .notice")!.textContent).toContain("Uploads are off");
    expect(document.querySelector('input[type="file"]')).toBeNull();
    expect(document.querySelector("#article-title")).not.toBeNull();
  });
});

describe("the article list", () => {
  it("lists articles newest first with status, comment counts linking to their moderation, search and filters", async () => {
    const tag = `Listed ${crypto.randomUUID().slice(0, 8)}`;
    const live = await seedArticle(draftArticle({ title: `${tag} live`, publishedAt: new Date("2021-01-01T00:00:00Z") }));
    await postApprovedComment(live.slug);
    await newDraft({ title: `${tag} draft` });
    const { document, response } = await page(`/admin/articles?q=${encodeURIComponent(tag)}`);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const rows = [...document.querySelectorAll(".article-table tbody tr")];
    expect(rows.map((row) => row.querySelector("th")!.textContent)).toEqual([`${tag} draft`, `${tag} live`]);
    expect(rows.map((row) => row.querySelector(".state")!.textContent)).toEqual(["Draft", "Published"]);
    const comments = rows[1]!.querySelector("td:last-child a")!;
    expect(comments.textContent).toBe("1");
    expect(comments.getAttribute("href")).toBe(`/admin?article=${live.slug}`);
    expect(document.querySelector('.filters a[aria-current="page"]')!.textContent).toBe("All (2)");
    expect(document.querySelector('a[href="/admin/articles/new"]')!.textContent).toBe("New article");

    const drafts = (await page(`/admin/articles?status=draft&q=${encodeURIComponent(tag)}`)).document;
    expect([...drafts.querySelectorAll(".article-table tbody th")].map((th) => th.textContent)).toEqual([`${tag} draft`]);

    const moderation = (await page(`/admin?article=${live.slug}`)).document;
    expect(moderation.querySelector(".notice")!.textContent).toContain(`${tag} live`);
    expect(moderation.querySelectorAll('ol[aria-labelledby="list-title"] li')).toHaveLength(1);
    expect(moderation.querySelector('.tabs a[aria-current="page"]')!.textContent).toBe("All (1)");
    expect((await page("/admin?article=no-such-article")).response.status).toBe(404);
  });

  it("pages 20 at a time", async () => {
    const tag = `Paged ${crypto.randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 21; i++)
      await adminFetch(`/articles/paged-${i}-${tag.slice(-8)}`, { method: "PUT", json: { title: `${tag} ${i}`, body: "x", status: "draft" } });
    const first = (await page(`/admin/articles?q=${encodeURIComponent(tag)}`)).document;
    expect(first.querySelectorAll(".article-table tbody tr")).toHaveLength(20);
    const older = first.querySelector('a[rel="next"]')!.getAttribute("href")!;
    const second = (await page(older)).document;
    expect(second.querySelectorAll(".article-table tbody tr")).toHaveLength(1);
    expect(second.querySelector('a[rel="prev"]')).not.toBeNull();
    expect(second.querySelector('a[rel="next"]')).toBeNull();
  });
});
