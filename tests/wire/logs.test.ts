import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app.tsx";
import { adminFetch, newComment, nextClientIp, postApprovedComment, postComment, postForm, seedArticle } from "../helpers.ts";
import { catchQueued, drain, postSecure, spyOnEmails } from "../queue-helpers.ts";

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
    await adminFetch("/commenters/export", { method: "POST", json: { email } });
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
    // Notifications that fail: a webhook refusing (the email included in what was sent) and an email
    // send whose error quotes the address, through the real queue's consumer.
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error(`refused ${email}`));
    spyOnEmails("E_RECIPIENT_SUPPRESSED");
    const vars = { NOTIFY_WEBHOOK_URL: "https://hooks.example/x", NOTIFY_INCLUDE_EMAIL: "true", NOTIFY_EMAILS: `owner.${email}` };
    const queued = catchQueued();
    const { body } = await postSecure(slug, newComment({ email: `other.${email}`, notify: "thread" }));
    await drain(queued, vars);
    expect(fetchSpy).toHaveBeenCalled();
    expect(vi.mocked(env.EMAIL.send)).toHaveBeenCalled();
    expect(body.notify).toBe("requested");
    expect(logged.length).toBeGreaterThan(0); // the outage and the notification failures were logged
    expect(logged.join("\n")).toContain('"error":"E_RECIPIENT_SUPPRESSED"');
    const all = logged.join("\n");
    for (const secret of [email, "example.com", env.ADMIN_TOKEN, env.EMAIL_KEY, env.HASH_KEY, env.EMAIL_KEY.slice(2)]) {
      expect(all).not.toContain(secret);
    }
  });
});
