import type { Comment } from "../db/schema.ts";
import { emailKeyring, decryptEmail } from "../domain/privacy.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";
import type { Bindings } from "../http/app-env.ts";

/**
 * Tells the owner's webhook (`NOTIFY_WEBHOOK_URL`) about a comment waiting for
 * moderation. Meant for `waitUntil`: the reader's response never waits on it,
 * and a failing webhook is logged (without any reader data), never thrown.
 */
export async function notifyHeldComment(env: Bindings, site: Site, article: { slug: string; title: string }, comment: Comment): Promise<void> {
  const webhook = env.NOTIFY_WEBHOOK_URL;
  if (!webhook) return;
  const email =
    env.NOTIFY_INCLUDE_EMAIL === "true" ? await decryptEmail(await emailKeyring(env.EMAIL_KEY), comment.emailEncrypted, `comment:${comment.guid}`) : undefined;
  const payload = {
    event: "comment.held",
    article: { slug: article.slug, title: article.title, url: absoluteUrl(site, articlePath(article.slug)) },
    comment: {
      id: comment.id,
      author: comment.author,
      url: comment.url,
      body: comment.body,
      createdAt: comment.createdAt.toISOString(),
      ...(email ? { email } : {}),
    },
    moderate: absoluteUrl(site, "/admin"),
  };
  try {
    const response = await fetch(webhook, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
    if (!response.ok) console.warn(JSON.stringify({ event: "notify_failed", status: response.status }));
  } catch (error) {
    console.warn(JSON.stringify({ event: "notify_failed", error: error instanceof Error ? error.name : "unknown" }));
  }
}
