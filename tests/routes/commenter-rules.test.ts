import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { patchDiscussion, resetDiscussion } from "../discussion-helpers.ts";
import { adminFetch, type CreatedComment, newComment, nextClientIp, postComment, seedArticle } from "../helpers.ts";

afterEach(() => resetDiscussion());

async function post(slug: string, payload: Record<string, unknown>, ip = nextClientIp()) {
  const response = await postComment(slug, payload, { ip });
  expect(response.status).toBe(201);
  return response.json<CreatedComment>();
}

const statusOf = async (id: number) => (await env.DB.prepare("SELECT status FROM comments WHERE id = ?").bind(id).first<{ status: string }>())!.status;

type RuleJson = { id: number; kind: string; author: string; address: boolean; commentId: number | null; createdAt: string };

describe("blocking a commenter", () => {
  it("sends their next comments to spam (answered as held), until unblocked", async () => {
    const { slug } = await seedArticle();
    await patchDiscussion({ moderation: "none" });
    const person = newComment({ author: "Noisy" });
    const first = await post(slug, person);
    expect(first.status).toBe("approved");

    const response = await adminFetch(`/comments/${first.comment.id}/block`, { method: "POST" });
    expect(response.status).toBe(200);
    const { rule } = await response.json<{ rule: RuleJson }>();
    expect(rule).toMatchObject({ kind: "block", author: "Noisy", address: false, commentId: first.comment.id });

    // Under another name too: a block is by email.
    const next = await post(slug, { ...person, author: "Quiet", body: "Again" });
    expect(next.status).toBe("pending");
    expect(await statusOf(next.comment.id)).toBe("spam");
    expect(await statusOf(first.comment.id)).toBe("approved"); // only the next ones

    expect(await (await adminFetch(`/comments/${first.comment.id}/block`, { method: "DELETE" })).json()).toEqual({ removed: 1 });
    expect((await post(slug, { ...person, body: "Unblocked now" })).status).toBe("approved");
  });

  it("with { address: true }, blocks their client address (an IPv6 client's /64) whatever email they use next", async () => {
    const { slug } = await seedArticle();
    await patchDiscussion({ moderation: "none" });
    const first = await post(slug, newComment(), "2001:db8:5:6:aaaa::1");
    const response = await adminFetch(`/comments/${first.comment.id}/block`, { method: "POST", json: { address: true } });
    expect((await response.json<{ rule: RuleJson }>()).rule.address).toBe(true);

    const sameNetwork = await post(slug, newComment(), "2001:db8:5:6:bbbb::2");
    expect(await statusOf(sameNetwork.comment.id)).toBe("spam");
    const elsewhere = await post(slug, newComment(), "2001:db8:5:7::1");
    expect(await statusOf(elsewhere.comment.id)).toBe("approved");
  });

  it("stores no plain email or address, only the keyed hashes the comment already had", async () => {
    const { slug } = await seedArticle();
    const email = `private.${crypto.randomUUID().slice(0, 6)}@example.com`;
    const ip = "192.0.2.123";
    const { comment } = await post(slug, newComment({ email, author: "Private" }), ip);
    await adminFetch(`/comments/${comment.id}/block`, { method: "POST", json: { address: true } });
    const row = (await env.DB.prepare("SELECT * FROM commenter_rules WHERE comment_id = ?").bind(comment.id).first<Record<string, unknown>>())!;
    const source = (await env.DB.prepare("SELECT email_hash, ip_hash FROM comments WHERE id = ?").bind(comment.id).first<Record<string, string>>())!;
    expect(row.email_hash).toBe(source.email_hash);
    expect(row.ip_hash).toBe(source.ip_hash);
    const everything = JSON.stringify(row).toLowerCase();
    expect(everything).not.toContain(email.toLowerCase());
    expect(everything).not.toContain(email.split("@")[0]!.toLowerCase());
    expect(everything).not.toContain(ip);
  });

  it("answers 404 for an unknown comment and refuses a bad body", async () => {
    expect((await adminFetch("/comments/999999/block", { method: "POST" })).status).toBe(404);
    expect((await adminFetch("/comments/abc/trust", { method: "POST" })).status).toBe(404);
    const { slug } = await seedArticle();
    const { comment } = await post(slug, newComment());
    expect((await adminFetch(`/comments/${comment.id}/block`, { method: "POST", json: { address: "yes" } })).status).toBe(422);
    expect((await adminFetch(`/comments/${comment.id}/block`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "x" })).status).toBe(415);
  });
});

describe("trusting a commenter", () => {
  it("lets their comments skip moderation, for the same name and email only, until it is lifted", async () => {
    const { slug } = await seedArticle();
    await patchDiscussion({ moderation: "all", moderationKeys: ["keyword"] });
    const person = newComment({ author: "Regular" });
    const first = await post(slug, person);
    expect(first.status).toBe("pending");
    expect((await adminFetch(`/comments/${first.comment.id}/trust`, { method: "POST" })).status).toBe(200);

    expect((await post(slug, { ...person, body: "Trusted, even with a keyword and https://a.example https://b.example https://c.example" })).status).toBe(
      "approved",
    );
    // Someone who knows only the email is not them.
    expect((await post(slug, { ...person, author: "Impostor", body: "Let me in" })).status).toBe("pending");

    expect(await (await adminFetch(`/comments/${first.comment.id}/trust`, { method: "DELETE" })).json()).toEqual({ removed: 1 });
    expect((await post(slug, { ...person, body: "Back in the queue" })).status).toBe("pending");
  });

  it("replaces a block (one rule per commenter), and a disallowed key still trashes", async () => {
    const { slug } = await seedArticle();
    await patchDiscussion({ moderation: "none", disallowedKeys: ["forbidden"] });
    const person = newComment({ author: "Changed" });
    const { comment } = await post(slug, person);
    await adminFetch(`/comments/${comment.id}/block`, { method: "POST" });
    await adminFetch(`/comments/${comment.id}/trust`, { method: "POST" });
    const { rules } = await (await adminFetch("/commenter-rules")).json<{ rules: RuleJson[] }>();
    expect(rules.filter((rule) => rule.commentId === comment.id).map((rule) => rule.kind)).toEqual(["trust"]);
    expect((await post(slug, { ...person, body: "Welcome back" })).status).toBe("approved");
    const trashed = await post(slug, { ...person, body: "A forbidden word" });
    expect(await statusOf(trashed.comment.id)).toBe("trash");
  });
});

describe("the list of blocked and trusted commenters", () => {
  it("lists each rule without hashes, and DELETE /api/admin/commenter-rules/:id lifts one", async () => {
    const { slug } = await seedArticle();
    const { comment } = await post(slug, newComment({ author: "Listed" }));
    await adminFetch(`/comments/${comment.id}/block`, { method: "POST" });
    const listed = await (await adminFetch("/commenter-rules")).json<{ rules: RuleJson[] }>();
    const rule = listed.rules.find((candidate) => candidate.commentId === comment.id)!;
    expect(Object.keys(rule).sort()).toEqual(["address", "author", "commentId", "createdAt", "id", "kind"]);
    expect(rule).toMatchObject({ kind: "block", author: "Listed" });

    expect((await adminFetch(`/commenter-rules/${rule.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await adminFetch(`/commenter-rules/${rule.id}`, { method: "DELETE" })).status).toBe(404);
    const after = await (await adminFetch("/commenter-rules")).json<{ rules: RuleJson[] }>();
    expect(after.rules.some((candidate) => candidate.id === rule.id)).toBe(false);
  });

  it("forgets the commenter's name when they are erased, keeping the block's hashes", async () => {
    const { slug } = await seedArticle();
    const email = `erase.${crypto.randomUUID().slice(0, 6)}@example.com`;
    const { comment } = await post(slug, newComment({ email, author: "Erased Person" }));
    await adminFetch(`/comments/${comment.id}/block`, { method: "POST" });
    await adminFetch("/commenters/erase", { method: "POST", json: { email } });
    const { rules } = await (await adminFetch("/commenter-rules")).json<{ rules: RuleJson[] }>();
    expect(rules.find((rule) => rule.commentId === comment.id)).toMatchObject({ kind: "block", author: "Anonymous" });
    await patchDiscussion({ moderation: "none" });
    expect(await statusOf((await post(slug, newComment({ email }))).comment.id)).toBe("spam");
  });
});
