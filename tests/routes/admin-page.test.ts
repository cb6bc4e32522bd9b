import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type CreatedComment, fetchWorker, adminFormPost as formPost, newComment, postComment, seedArticle } from "../helpers.ts";
import { parseDocument } from "../parse-html.ts";

async function signIn(): Promise<string> {
  const response = await formPost("/admin/session", { token: env.ADMIN_TOKEN });
  expect(response.status).toBe(303);
  const cookie = response.headers.get("Set-Cookie")!;
  expect(cookie).toMatch(/^wirepost_admin=\d+\.[0-9a-f]{64};/);
  expect(cookie).toContain("HttpOnly");
  expect(cookie).toContain("Secure");
  expect(cookie).toContain("SameSite=Strict");
  expect(cookie).toContain("Path=/admin");
  return cookie.split(";")[0]!;
}

describe("/admin", () => {
  it("asks for the token when signed out, never cached", async () => {
    const response = await fetchWorker("/admin");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await response.text()).toContain('name="token" type="password"');
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
    const row = document.querySelector(`ol[aria-labelledby="pending-title"] #moderate-${comment.id}`)!;
    expect(row.textContent).toContain(email);
    expect(row.textContent).toContain("Queue me");
    expect(document.querySelector(".meta")!.textContent).toMatch(/Pending \d+ · Approved \d+ · Spam \d+ · Trash \d+/);
    const csrf = row.querySelector('input[name="csrf"]')!.getAttribute("value")!;

    // Without the session, or with a forged CSRF token, or from another site: refused.
    expect((await formPost(`/admin/comments/${comment.id}`, { csrf, action: "approve" })).status).toBe(403);
    expect((await formPost(`/admin/comments/${comment.id}`, { csrf: "0".repeat(32), action: "approve" }, { Cookie: cookie })).status).toBe(403);
    expect((await formPost(`/admin/comments/${comment.id}`, { csrf, action: "approve" }, { Cookie: cookie, Origin: "https://evil.example" })).status).toBe(403);

    const approve = await formPost(`/admin/comments/${comment.id}`, { csrf, action: "approve" }, { Cookie: cookie });
    expect(approve.status).toBe(303);
    expect(approve.headers.get("Location")).toBe("/admin");
    expect(await (await fetchWorker(`/articles/${slug}`)).text()).toContain("Queue me");
  });

  it("signs out", async () => {
    const cookie = await signIn();
    const page = parseDocument(await (await fetchWorker("/admin", { headers: { Cookie: cookie } })).text());
    const csrf = page.querySelector('form[action="/admin/signout"] input[name="csrf"]')!.getAttribute("value")!;
    const response = await formPost("/admin/signout", { csrf }, { Cookie: cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get("Set-Cookie")).toMatch(/^wirepost_admin=;.*Max-Age=0/);
  });
});
