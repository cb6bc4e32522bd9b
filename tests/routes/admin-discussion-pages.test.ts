import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, patchDiscussion, resetDiscussion } from "../discussion-helpers.ts";
import {
  adminCsrf,
  adminFetch,
  type CreatedComment,
  fetchWorker,
  adminFormPost as formPost,
  newComment,
  postComment,
  seedArticle,
  signInToAdmin,
} from "../helpers.ts";
import { parseDocument, textareaValue } from "../parse-html.ts";

let cookie: string;
let csrf: string;
beforeAll(async () => {
  cookie = await signInToAdmin();
  csrf = await adminCsrf(cookie);
});
afterEach(() => resetDiscussion());

const asOwner = (path: string) => fetchWorker(path, { headers: { Cookie: cookie } });
const ownerPage = async (path: string) => parseDocument(await (await asOwner(path)).text());
const ownerPost = (path: string, fields: Record<string, string>) => formPost(path, { csrf, ...fields }, { Cookie: cookie });

const statusOf = async (id: number) => (await env.DB.prepare("SELECT status FROM comments WHERE id = ?").bind(id).first<{ status: string }>())!.status;

async function held(slug: string, fields: Record<string, unknown> = {}) {
  return (await (await postComment(slug, newComment(fields))).json<CreatedComment>()).comment.id;
}

/** Every setting as the settings form sends it when nothing is changed. */
function unchangedForm(document: ReturnType<typeof parseDocument>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of document.querySelectorAll("form[action='/admin/settings'] input, form[action='/admin/settings'] textarea")) {
    const name = input.getAttribute("name");
    if (!name) continue;
    const type = input.getAttribute("type");
    if ((type === "checkbox" || type === "radio") && !input.hasAttribute("checked")) continue;
    fields[name] = input.tagName === "TEXTAREA" ? textareaValue(input) : (input.getAttribute("value") ?? "on");
  }
  return fields;
}

describe("/admin/settings", () => {
  it("shows every setting in a plain form, and saves a change through it", async () => {
    await patchDiscussion({ moderationKeys: ["casino", "pills"] });
    const response = await asOwner("/admin/settings");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const document = parseDocument(await response.text());
    const form = unchangedForm(document);
    expect(Object.keys(form).sort()).toEqual(["back", "csrf", ...Object.keys(DEFAULT_SETTINGS)].sort().filter((name) => name !== "notifyOnComment"));
    expect(form.moderationKeys).toBe("casino\npills");
    expect(document.querySelector("#setting-moderation-first-time")!.hasAttribute("checked")).toBe(true);

    const saved = await ownerPost("/admin/settings", {
      ...form,
      threadDepth: "3",
      moderation: "all",
      disallowedKeys: "spam\n\n  scam  ",
      notifyOnComment: "on",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe("/admin/settings?saved");
    const settings = (await (await adminFetch("/settings")).json<{ settings: Record<string, unknown> }>()).settings;
    expect(settings).toMatchObject({
      threadDepth: 3,
      moderation: "all",
      disallowedKeys: ["spam", "scam"],
      notifyOnComment: true,
      moderationKeys: ["casino", "pills"],
    });
    expect((await ownerPage("/admin/settings?saved")).querySelector("[role=status]")!.textContent).toBe("Saved.");
  });

  it("unticking a box turns the setting off", async () => {
    const form = unchangedForm(await ownerPage("/admin/settings"));
    delete form.notifyOnHeld;
    expect((await ownerPost("/admin/settings", form)).status).toBe(303);
    expect((await (await adminFetch("/settings")).json<{ settings: { notifyOnHeld: boolean } }>()).settings.notifyOnHeld).toBe(false);
  });

  it("re-renders with 422, a message beside each bad field and what was typed, saving nothing", async () => {
    const form = unchangedForm(await ownerPage("/admin/settings"));
    const response = await ownerPost("/admin/settings", { ...form, threadDepth: "12", commentsPerPage: "", notifyEmails: "desk@news.example\nnope" });
    expect(response.status).toBe(422);
    const document = parseDocument(await response.text());
    expect(document.querySelector("[role=alert]")!.textContent).toContain("3 fields");
    const depth = document.querySelector("#setting-threadDepth")!;
    expect(depth.getAttribute("value")).toBe("12");
    expect(depth.getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector(`#${depth.getAttribute("aria-describedby")}`)!.textContent).toBe("Enter a whole number from 1 to 10.");
    expect(document.querySelector("#setting-commentsPerPage-error")!.textContent).toBe("Enter a whole number from 10 to 200.");
    expect(textareaValue(document.querySelector("#setting-notifyEmails")!)).toBe("desk@news.example\nnope");
    expect(await (await adminFetch("/settings")).json()).toEqual({ settings: DEFAULT_SETTINGS });
  });

  it("refuses a post without the session's anti-forgery token, or from another site", async () => {
    const form = unchangedForm(await ownerPage("/admin/settings"));
    expect((await formPost("/admin/settings", { ...form, csrf: "0".repeat(32), threadDepth: "2" }, { Cookie: cookie })).status).toBe(403);
    expect((await formPost("/admin/settings", { ...form, threadDepth: "2" }, { Cookie: cookie, Origin: "https://evil.example" })).status).toBe(403);
    expect((await formPost("/admin/settings", { ...form, threadDepth: "2" })).status).toBe(403);
    expect((await (await adminFetch("/settings")).json<{ settings: { threadDepth: number } }>()).settings.threadDepth).toBe(5);
  });

  it("asks a signed-out browser for the token, and comes back to the page once signed in", async () => {
    for (const path of ["/admin/settings", "/admin/commenters"]) {
      const response = await fetchWorker(path, { redirect: "manual" });
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
      const document = parseDocument(await response.text());
      expect(document.querySelector('input[name="token"]')).not.toBeNull();
      expect(document.querySelector('input[name="next"]')!.getAttribute("value")).toBe(path);
      const signedIn = await formPost("/admin/session", { token: env.ADMIN_TOKEN, next: path });
      expect(signedIn.headers.get("Location")).toBe(path);
    }
  });
});

describe("the moderation page", () => {
  it("filters by status, article and words, with counts per status", async () => {
    const { slug } = await seedArticle();
    const marker = crypto.randomUUID().slice(0, 8);
    const wanted = await held(slug, { body: `Mentions ${marker}` });
    const other = await held(slug);
    const document = await ownerPage(`/admin?status=pending&article=${slug}&q=${marker}`);
    const rows = [...document.querySelectorAll("#moderation-form li.moderated")].map((li) => li.id);
    expect(rows).toEqual([`moderate-${wanted}`]);
    expect(document.querySelector('.tabs a[aria-current="page"]')!.textContent).toBe("Pending (2)");
    expect(document.querySelector('.tabs a[href*="status=all"]')!.getAttribute("href")).toBe(`/admin?status=all&article=${slug}&q=${marker}`);
    expect((await ownerPage(`/admin?status=spam&article=${slug}`)).querySelector("#moderation-form")).toBeNull();
    expect([...(await ownerPage(`/admin?article=${slug}`)).querySelectorAll("li.moderated")].map((li) => li.id)).toEqual([
      `moderate-${other}`,
      `moderate-${wanted}`,
    ]);
  });

  it("approves the selected comments in one post, leaving the rest, and comes back to the same view", async () => {
    const { slug } = await seedArticle();
    const [a, b, c] = [await held(slug), await held(slug), await held(slug)];
    const back = `/admin?status=pending&article=${slug}`;
    const response = await ownerPost("/admin/comments/bulk", { back, action: "approve", [`select-${a}`]: "1", [`select-${c}`]: "1" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(back);
    expect([await statusOf(a), await statusOf(b), await statusOf(c)]).toEqual(["approved", "pending", "approved"]);
    expect(await (await fetchWorker(`/articles/${slug}`)).text()).toContain("2 Comments");

    expect((await ownerPost("/admin/comments/bulk", { back, action: "approve" })).status).toBe(422);
    expect((await ownerPost("/admin/comments/bulk", { back, action: "delete", [`select-${b}`]: "1" })).status).toBe(400);
    // Where to come back to is only ever an /admin page.
    for (const back of ["//evil.example/admin", "https://evil.example/admin", "/admin?x=1\r\nSet-Cookie: a=b", "/admin/../evil"]) {
      const elsewhere = await ownerPost("/admin/comments/bulk", { back, action: "spam", [`select-${b}`]: "1" });
      expect(elsewhere.headers.get("Location"), back).toBe("/admin");
    }
  });

  it("blocks, trusts and lifts either from a comment's row, and shows it on the row", async () => {
    const { slug } = await seedArticle();
    const id = await held(slug, { author: "Row Person" });
    expect((await ownerPost(`/admin/comments/${id}/commenter`, { action: "block-address" })).status).toBe(303);
    const row = (await ownerPage(`/admin?article=${slug}`)).querySelector(`#moderate-${id}`)!;
    expect(row.textContent).toContain("blocked commenter");
    expect(row.querySelector('button[value="unblock"]')).not.toBeNull();
    const { rules } = await (await adminFetch("/commenter-rules")).json<{ rules: { commentId: number; kind: string; address: boolean }[] }>();
    expect(rules.find((rule) => rule.commentId === id)).toMatchObject({ kind: "block", address: true });

    await ownerPost(`/admin/comments/${id}/commenter`, { action: "unblock" });
    await ownerPost(`/admin/comments/${id}/commenter`, { action: "trust" });
    expect((await ownerPage(`/admin?article=${slug}`)).querySelector(`#moderate-${id}`)!.textContent).toContain("trusted commenter");
    expect((await ownerPost(`/admin/comments/${id}/commenter`, { action: "promote" })).status).toBe(400);
    expect((await ownerPost("/admin/comments/999999/commenter", { action: "trust" })).status).toBe(404);
  });

  it("shows and changes an article's comment status when filtered to it", async () => {
    const { slug } = await seedArticle();
    const panel = (await ownerPage(`/admin?article=${slug}`)).querySelector(`form[action="/admin/articles/${slug}/comment-status"]`)!;
    expect(panel.textContent).toContain("are open");
    const response = await ownerPost(`/admin/articles/${slug}/comment-status`, { commentStatus: "closed", back: `/admin?article=${slug}` });
    expect(response.status).toBe(303);
    expect((await ownerPage(`/admin?article=${slug}`)).querySelector(`form[action="/admin/articles/${slug}/comment-status"]`)!.textContent).toContain(
      "are closed",
    );
    expect((await postComment(slug, newComment())).status).toBe(403);
    expect((await ownerPost(`/admin/articles/${slug}/comment-status`, { commentStatus: "maybe" })).status).toBe(400);
    expect((await ownerPost("/admin/articles/no-such-article/comment-status", { commentStatus: "open" })).status).toBe(404);
  });
});

describe("/admin/commenters", () => {
  it("lists blocked and trusted commenters, each with a button that lifts it", async () => {
    const { slug } = await seedArticle();
    const id = await held(slug, { author: "Listed <Person>" });
    await adminFetch(`/comments/${id}/trust`, { method: "POST" });
    const document = await ownerPage("/admin/commenters");
    const item = [...document.querySelectorAll("li")].find((li) => li.textContent?.includes("Listed <Person>"))!;
    expect(item.textContent).toContain("trusted since");
    const action = item.querySelector("form")!.getAttribute("action")!;
    const lifted = await ownerPost(action, { back: "/admin/commenters" });
    expect(lifted.status).toBe(303);
    expect(lifted.headers.get("Location")).toBe("/admin/commenters");
    expect((await ownerPage("/admin/commenters")).body.textContent).not.toContain("Listed <Person>");
    expect((await ownerPost(action, {})).status).toBe(404);
  });
});
