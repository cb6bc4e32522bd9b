import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { comments } from "../../src/db/schema.ts";
import { db, fetchWorker, newComment, postApprovedComment, postComment, postForm, seedArticle } from "../helpers.ts";

async function digestHex(algorithm: string, text: string) {
  const digest = await crypto.subtle.digest(algorithm, new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Every form of an email that identifies a person: itself, and the unkeyed hashes Gravatar uses. */
async function fingerprints(email: string) {
  const lower = email.trim().toLowerCase();
  return [email, lower, await digestHex("MD5", lower), await digestHex("SHA-256", lower), encodeURIComponent(email)];
}

async function everythingPublic(slug: string, ids: number[]): Promise<string> {
  const paths = [
    "/",
    `/articles/${slug}`,
    ...ids.map((id) => `/articles/${slug}?replyto=${id}`),
    "/feed.xml",
    "/feed.atom",
    "/feed.json",
    `/articles/${slug}/feed.xml`,
    `/articles/${slug}/feed.atom`,
    `/articles/${slug}/feed.json`,
    "/comments/feed.xml",
    "/comments/feed.atom",
    "/comments/feed.json",
    "/api/articles",
    `/api/articles/${slug}`,
    `/api/articles/${slug}/comments?limit=100`,
  ];
  const parts: string[] = [];
  for (const path of paths) {
    const response = await fetchWorker(path);
    expect(response.status, path).toBe(200);
    parts.push(path, JSON.stringify([...response.headers]), await response.text());
  }
  return parts.join("\n");
}

describe("commenters' emails", () => {
  it("appear in no public output, in any form", async () => {
    const { slug } = await seedArticle();
    const emails = ["Alice.Private@Example.com", "bob+tag@example.org", "carol@example.net"];
    const created: string[] = [];
    const root = await postApprovedComment(slug, newComment({ email: emails[0] }));
    const reply = await postApprovedComment(slug, newComment({ email: emails[1], parentId: root.id }));
    // A held comment, posted through the form; its author's own notice page must not show the email either.
    const held = await postForm(slug, { author: "Carol", email: emails[2]!, url: "", body: "Held comment" });
    created.push(await held.text(), JSON.stringify([...held.headers]));
    const notice = await fetchWorker(held.headers.get("Location")!);
    created.push(await notice.text());
    // Errors that involve an email don't echo it.
    const duplicate = await postComment(slug, newComment({ email: emails[0], body: "Held comment" }));
    created.push(await duplicate.text());
    const invalid = await postComment(slug, { author: "x", email: "not an email carol@example.net", body: "x" });
    created.push(await invalid.text());

    const output = (await everythingPublic(slug, [root.id, reply.id])) + created.join("\n");
    expect(output).toContain("Held comment"); // the notice page did render the comment
    for (const email of emails) {
      for (const fingerprint of await fingerprints(email)) expect(output).not.toContain(fingerprint);
    }
  });

  it("are stored encrypted, never in plain text", async () => {
    const { slug } = await seedArticle();
    const email = "stored.privately@example.com";
    await postComment(slug, newComment({ email }));
    const rows = await db().select().from(comments);
    const dump = JSON.stringify(rows) + JSON.stringify(await env.DB.prepare("SELECT * FROM comments").all());
    for (const fingerprint of await fingerprints(email)) expect(dump).not.toContain(fingerprint);
    expect(rows.every((row) => /^1\.[\w-]{16}\.[\w-]+$/.test(row.emailEncrypted))).toBe(true);
  });

  it("do not influence validators: the same public content answers the same ETag", async () => {
    const { slug } = await seedArticle();
    await postApprovedComment(slug, newComment({ email: "first@example.com" }));
    const paths = [`/articles/${slug}`, `/articles/${slug}/feed.xml`, `/articles/${slug}/feed.json`, `/api/articles/${slug}/comments`];
    const before = await Promise.all(paths.map(async (path) => (await fetchWorker(path)).headers.get("ETag")));
    // Another site with different stored emails: same public rows, other ciphertexts and hashes.
    await env.DB.prepare("UPDATE comments SET email_encrypted = 'x' || id, email_hash = hex(randomblob(16))").run();
    const after = await Promise.all(paths.map(async (path) => (await fetchWorker(path)).headers.get("ETag")));
    expect(after).toEqual(before);
  });
});
