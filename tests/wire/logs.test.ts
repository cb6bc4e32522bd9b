import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app.tsx";
import { adminFetch, newComment, nextClientIp, postApprovedComment, postComment, postForm, seedArticle } from "../helpers.ts";

afterEach(() => vi.restoreAllMocks());

describe("what the Worker logs", () => {
  it("never holds an email, a secret or a token, even on error paths", async () => {
    const logged: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => (arg instanceof Error ? `${arg.name} ${arg.message} ${arg.stack}` : String(arg))).join(" "));
      });
    }
    const email = `logged.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const { slug } = await seedArticle();

    await postApprovedComment(slug, newComment({ email }));
    await postComment(slug, newComment({ email, body: "second" }));
    await postComment(slug, newComment({ email: `${email}\r\nBcc: x@example.com` }));
    await postForm(slug, { author: "Form", email, url: "", body: "form body" });
    await adminFetch("/comments", { headers: { Authorization: "Bearer wrong-token" } });
    await adminFetch(`/commenters?email=${encodeURIComponent(email)}`);
    await adminFetch(`/comments?token=${env.ADMIN_TOKEN}`);
    // A database outage while writing, with the email in the SQL parameters.
    const broken = {
      prepare: (sql: string) => env.DB.prepare(sql),
      batch: () => Promise.reject(new Error(`D1_ERROR: failed with params ${email}`)),
    };
    await app.request(
      `/api/articles/${slug}/comments`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
        body: JSON.stringify(newComment({ email })),
      },
      { ...env, DB: broken as unknown as D1Database },
    );
    // A webhook that fails, with the email included in what was sent.
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error(`refused ${email}`));
    const ctx = createExecutionContext();
    await app.request(
      `/api/articles/${slug}/comments`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
        body: JSON.stringify(newComment({ email: `other.${email}` })),
      },
      { ...env, NOTIFY_WEBHOOK_URL: "https://hooks.example/x", NOTIFY_INCLUDE_EMAIL: "true" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(fetchSpy).toHaveBeenCalled();

    expect(logged.length).toBeGreaterThan(0); // the outage and the webhook failure were logged
    const all = logged.join("\n");
    for (const secret of [email, "example.com", env.ADMIN_TOKEN, env.EMAIL_KEY, env.HASH_KEY, env.EMAIL_KEY.slice(2)]) {
      expect(all).not.toContain(secret);
    }
  });
});
