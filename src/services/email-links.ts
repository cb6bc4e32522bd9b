import type { Database } from "../db/client.ts";
import { confirmAddress, isNonceUsed, unsubscribe, useNonce } from "../db/notifications.ts";
import { DAY_MS, LINK_DAYS, UNSUBSCRIBE_LINK_DAYS } from "../domain/notifications/jobs.ts";
import { checkLink, type LinkPurpose, signLink } from "../domain/notifications/signed-links.ts";
import type { Effects } from "./effects.ts";
import { type ModerationChange, moderateComment } from "./moderate-comment.ts";

/** What a link in an email does, once its signature and expiry check out. */
export type LinkAction =
  | { purpose: "confirm"; addressId: number }
  /** `articleId` null: everything. */
  | { purpose: "unsubscribe"; addressId: number; articleId: number | null }
  | { purpose: "moderate"; commentId: number; change: ModerationChange; nonce: string };

export type LinkResult =
  | { outcome: "valid"; action: LinkAction }
  /** Forged or mangled; past its expiry; a one-time link already used; what it acted on is gone. */
  | { outcome: "invalid" | "expired" | "used" | "gone" | "duplicate" };

const after = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);
const linkUrl = (baseUrl: string, purpose: LinkPurpose, token: string) => `${baseUrl}/notifications/${purpose}?t=${token}`;

export async function confirmationUrl(hashKey: string | undefined, baseUrl: string, addressId: number, now: Date): Promise<string> {
  return linkUrl(baseUrl, "confirm", await signLink(hashKey, "confirm", [addressId], after(now, LINK_DAYS)));
}

/** A subscriber's two one-click links: this article's notifications, and everything. */
export async function unsubscribeUrls(hashKey: string | undefined, baseUrl: string, addressId: number, articleId: number, now: Date) {
  const expires = after(now, UNSUBSCRIBE_LINK_DAYS);
  return {
    article: linkUrl(baseUrl, "unsubscribe", await signLink(hashKey, "unsubscribe", [addressId, articleId], expires)),
    everything: linkUrl(baseUrl, "unsubscribe", await signLink(hashKey, "unsubscribe", [addressId, "all"], expires)),
  };
}

const ACTIONS = new Map<string, [label: string, change: ModerationChange]>([
  ["approve", ["Approve it", "approved"]],
  ["spam", ["Mark it as spam", "spam"]],
  ["trash", ["Trash it", "trash"]],
]);

/** The owner's links for one email: Approve (if held), Spam, Trash. They share a nonce: using one uses the email's. */
export async function moderationUrls(hashKey: string | undefined, baseUrl: string, commentId: number, held: boolean, now: Date): Promise<[string, string][]> {
  const nonce = crypto.randomUUID().replaceAll("-", "");
  const expires = after(now, LINK_DAYS);
  const actions = held ? ["approve", "spam", "trash"] : ["spam", "trash"];
  return Promise.all(
    actions.map(
      async (action): Promise<[string, string]> => [
        ACTIONS.get(action)![0],
        linkUrl(baseUrl, "moderate", await signLink(hashKey, "moderate", [commentId, action, nonce], expires)),
      ],
    ),
  );
}

const FIELDS: Record<LinkPurpose, number> = { confirm: 1, unsubscribe: 2, moderate: 3 };

/** What `token` lets its holder do, without doing it (the page that asks first). */
export async function readLink(db: Database, hashKey: string | undefined, purpose: LinkPurpose, token: string | undefined, now: Date): Promise<LinkResult> {
  const check = await checkLink(hashKey, purpose, token, FIELDS[purpose], now);
  if (!check.valid) return { outcome: check.reason };
  const [id, scope = "", nonce = ""] = check.fields;
  if (purpose === "confirm") return { outcome: "valid", action: { purpose, addressId: Number(id) } };
  if (purpose === "unsubscribe") return { outcome: "valid", action: { purpose, addressId: Number(id), articleId: scope === "all" ? null : Number(scope) } };
  const change = ACTIONS.get(scope)?.[1];
  if (!change) return { outcome: "invalid" };
  if (await isNonceUsed(db, nonce)) return { outcome: "used" };
  return { outcome: "valid", action: { purpose, commentId: Number(id), change, nonce } };
}

/**
 * Does what a link says: confirms an address, unsubscribes (idempotent, so a
 * repeated one-click POST is fine), or applies the owner's moderation
 * decision, once: its nonce is claimed first, so a replay finds it used.
 */
export async function followLink(
  db: Database,
  effects: Effects,
  hashKey: string | undefined,
  purpose: LinkPurpose,
  token: string | undefined,
  now: Date,
): Promise<LinkResult> {
  const read = await readLink(db, hashKey, purpose, token, now);
  if (read.outcome !== "valid") return read;
  const { action } = read;
  switch (action.purpose) {
    case "confirm":
      return (await confirmAddress(db, action.addressId, now)) ? read : { outcome: "gone" };
    case "unsubscribe":
      await unsubscribe(db, action.addressId, action.articleId);
      return read;
    case "moderate": {
      if (!(await useNonce(db, action.nonce, after(now, LINK_DAYS)))) return { outcome: "used" };
      const result = await moderateComment(db, effects, action.commentId, action.change);
      return result.outcome === "done" ? read : { outcome: result.outcome === "not_found" ? "gone" : "duplicate" };
    }
  }
}
