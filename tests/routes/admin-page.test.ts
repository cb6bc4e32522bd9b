import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { storeDeadLetters } from "../../src/db/notifications.ts";
import {
  type CreatedComment,
  adminCsrf as csrfOf,
  db,
  fetchWorker,
  adminFormPost as formPost,
  newComment,
  nextClientIp,
  postComment,
  seedArticle,
  signInToAdmin as signIn,
} from "../helpers.ts";
import { parseDocument } from "../parse-html.ts";

describe("/admin", () => {
  it("shows how many notifications failed every retry", async () => {
    const cookie = await signIn();
    const count = async () =>
      parseDocument(await (await fetchWorker("/admin", { headers: { Cookie: cookie } })).text()).querySelector("#dead-letters")!.textContent;
    expect(await count()).toBe("Failed notifications: 0");
    await storeDeadLetters(db(), [{ kind: "confirm", job: "{}", failedAt: new Date() }]);
    expect(await count()).toMatch(/^Failed notifications: 1 \(list, retry or drop them with the admin API/);
  });

  it("asks for the token when signed out, never cached", async () => {
    const response = await fetchWorker("/admin");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await response.text()).toContain('name="token" type="password"');
  });

  it("signs in with a session cookie scripts and other sites can't use", async () => {
    const response = await formPost("/admin/session", { token: env.ADMIN_TOKEN });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/admin");
    const cookie = response.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^wirepost_admin=\d+\.\d+\.[0-9a-f]{64};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/admin");
  });

  it("refuses a wrong token with 401 and sets no cookie", async () => {
    const response = await formPost("/admin/session", { token: "wrong" });
    expect(response.status).toBe(401);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("shows the pending queue first with emails and counts, and approves through a CSRF-protected form", async () => {
    const { slug } = await seedArticle();
    const email = `queue.${crypto.randomUUID().slice(0, 6)}@example.com`;
    const { comment } = await (await postComment(slug, newComment({ email, body: "Queue me" }))).json<CreatedComment>();
    const cookie = await signIn();

    const page = await fetchWorker("/admin", { headers: { Cookie: cookie } });
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    const document = parseDocument(await page.text());
    const row = document.querySelector(`ol[aria-labelledby="list-title"] #moderate-${comment.id}`)!;
    expect(row.textContent).toContain(email);
    expect(row.textContent).toContain("Queue me");
    expect(row.textContent).toContain("Why: first comment");
    expect([...document.querySelectorAll(".tabs a")].map((tab) => tab.textContent)).toEqual([
      expect.stringMatching(/^Pending \(\d+\)$/),
      expect.stringMatching(/^Approved \(\d+\)$/),
      expect.stringMatching(/^Spam \(\d+\)$/),
      expect.stringMatching(/^Trash \(\d+\)$/),
      expect.stringMatching(/^All \(\d+\)$/),
    ]);
    expect(document.querySelector('.tabs a[aria-current="page"]')!.textContent).toMatch(/^Pending/);
    const csrf = document.querySelector('#moderation-form input[name="csrf"]')!.getAttribute("value")!;

    // Without the session, or with a forged CSRF token, or from another site: refused.
    expect((await formPost(`/admin/comments/${comment.id}`, { csrf, action: "approve" })).status).toBe(403);
    expect((await formPost(`/admin/comments/${comment.id}`, { csrf: "0".repeat(32), action: "approve" }, { Cookie: cookie })).status).toBe(403);
    expect((await formPost(`/admin/comments/${comment.id}`, { csrf, action: "approve" }, { Cookie: cookie, Origin: "https://evil.example" })).status).toBe(403);

    const approve = await formPost(`/admin/comments/${comment.id}`, { csrf, action: "approve" }, { Cookie: cookie });
    expect(approve.status).toBe(303);
    expect(approve.headers.get("Location")).toBe("/admin");
    expect(await (await fetchWorker(`/articles/${slug}`)).text()).toContain("Queue me");
  });

  it("gives every admin page the same navigation, with the page's own section current and a sign-out form", async () => {
    const cookie = await signIn();
    const { slug } = await seedArticle();
    const sections = [
      ["/admin", "Comments"],
      ["/admin/articles", "Articles"],
      ["/admin/settings", "Discussion settings"],
      ["/admin/commenters", "Blocked and trusted"],
    ];
    for (const [path, current] of [...sections, [`/admin?article=${slug}`, "Comments"], ["/admin/articles/new", "Articles"]]) {
      const document = parseDocument(await (await fetchWorker(path!, { headers: { Cookie: cookie } })).text());
      const nav = document.querySelectorAll('nav[aria-label="Admin"]');
      expect(nav, path).toHaveLength(1);
      expect(
        [...nav[0]!.querySelectorAll("a")].map((link) => [link.getAttribute("href"), link.textContent]),
        path,
      ).toEqual(sections);
      expect(nav[0]!.querySelector('a[aria-current="page"]')!.textContent, path).toBe(current);
      expect(nav[0]!.querySelector('form[action="/admin/signout"] input[name="csrf"]'), path).not.toBeNull();
    }
  });

  it("signs out, and the old cookie (or one kept on another device) no longer works", async () => {
    const cookie = await signIn();
    const otherDevice = await signIn();
    const csrf = await csrfOf(cookie);
    const response = await formPost("/admin/signout", { csrf }, { Cookie: cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get("Set-Cookie")).toMatch(/^wirepost_admin=;.*Max-Age=0/);
    for (const stale of [cookie, otherDevice]) {
      expect(await (await fetchWorker("/admin", { headers: { Cookie: stale } })).text()).toContain('name="token" type="password"');
    }
    // A new sign-in works again.
    expect(await (await fetchWorker("/admin", { headers: { Cookie: await signIn() } })).text()).toContain("Sign out");
  });

  it("answers privacy requests from the page, with the email in the form's body only", async () => {
    const { slug } = await seedArticle();
    const email = `page.privacy.${crypto.randomUUID().slice(0, 6)}@example.com`;
    await postComment(slug, newComment({ email, author: "Page Privacy" }));
    const cookie = await signIn();
    const csrf = await csrfOf(cookie);

    const exported = await formPost("/admin/commenters/export", { csrf, email }, { Cookie: cookie });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("Content-Disposition")).toBe('attachment; filename="commenter-export.json"');
    expect(exported.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await exported.json()).toMatchObject({ email, comments: [{ author: "Page Privacy", email }] });

    // Erasing needs the confirmation ticked.
    expect((await formPost("/admin/commenters/erase", { csrf, email }, { Cookie: cookie })).status).toBe(422);
    const erased = await formPost("/admin/commenters/erase", { csrf, email, confirm: "yes" }, { Cookie: cookie });
    expect(erased.status).toBe(200);
    expect(await erased.text()).toContain("1 comment was anonymized.");
    expect((await formPost("/admin/commenters/export", { csrf, email }, { Cookie: cookie }).then((r) => r.json<{ comments: unknown[] }>())).comments).toEqual(
      [],
    );
    // And never without the session's anti-forgery token.
    expect((await formPost("/admin/commenters/erase", { csrf: "0".repeat(32), email, confirm: "yes" }, { Cookie: cookie })).status).toBe(403);
  });

  it.each(["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf"])("answers an unknown moderation action %j with 400", async (action) => {
    const { slug } = await seedArticle();
    const { comment } = await (await postComment(slug, newComment())).json<CreatedComment>();
    const cookie = await signIn();
    const response = await formPost(`/admin/comments/${comment.id}`, { csrf: await csrfOf(cookie), action }, { Cookie: cookie });
    expect(response.status).toBe(400);
  });

  it("counts sign-in failures apart from the API's, and never counts an empty attempt", async () => {
    const ip = nextClientIp();
    // The API door locked for this address…
    for (let i = 0; i < 11; i++) await fetchWorker("/api/admin/comments", { headers: { Authorization: `Bearer wrong-${i}`, "CF-Connecting-IP": ip } });
    expect((await fetchWorker("/api/admin/comments", { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "CF-Connecting-IP": ip } })).status).toBe(429);
    // …while empty posts and the sign-in form still work for it.
    for (let i = 0; i < 12; i++) expect((await formPost("/admin/session", { token: "" }, { "CF-Connecting-IP": ip })).status).toBe(401);
    expect((await formPost("/admin/session", { token: env.ADMIN_TOKEN }, { "CF-Connecting-IP": ip })).status).toBe(303);
  });
});
