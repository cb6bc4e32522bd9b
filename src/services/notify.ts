import { decryptCommentEmail, emailKeyring } from "../domain/privacy.ts";
import type { Keys, Settings } from "../domain/settings.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";

export interface NotifiedComment {
  id: number;
  guid: string;
  author: string;
  emailEncrypted: string;
  url: string | null;
  body: string;
  createdAt: Date;
}

/** `comment.held`: waiting for moderation; `comment.posted`: published. */
export type NotifyEvent = "comment.held" | "comment.posted";

/**
 * Which event, if any, the owner asked to hear of for a new comment in
 * `status`: held ones with `notifyOnHeld`, every published or held one with
 * `notifyOnComment` (spam and trash never).
 */
export function eventFor(status: string, wanted: { notifyOnComment: boolean; notifyOnHeld: boolean }): NotifyEvent | undefined {
  if (status === "pending" && (wanted.notifyOnHeld || wanted.notifyOnComment)) return "comment.held";
  if (status === "approved" && wanted.notifyOnComment) return "comment.posted";
  return undefined;
}

/**
 * Tells the owner's webhook about a new comment. Meant to run after the
 * response: a failing webhook is logged (without any reader data), never thrown.
 */
export async function notifyComment(
  notify: NonNullable<Settings["notify"]>,
  keys: Keys,
  site: Site,
  article: { slug: string; title: string },
  comment: NotifiedComment,
  event: NotifyEvent,
): Promise<void> {
  const email = notify.includeEmail ? await decryptCommentEmail(await emailKeyring(keys.emailKey), comment) : null;
  const payload = {
    event,
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
    const response = await fetch(notify.webhookUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
    if (!response.ok) console.warn(JSON.stringify({ event: "notify_failed", status: response.status }));
  } catch (error) {
    console.warn(JSON.stringify({ event: "notify_failed", error: error instanceof Error ? error.name : "unknown" }));
  }
}
