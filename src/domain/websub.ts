import * as z from "zod/mini";
import { termPath } from "./articles/terms.ts";
import type { PublicChange } from "./cache-tags.ts";
import { COMMENTS_PATH } from "./feeds/comment-feed.ts";
import type { Settings } from "./settings.ts";
import { absoluteUrl, type Site } from "./site.ts";

/** The built-in hub (W3C WebSub), used unless `WEBSUB_HUB_URL` names another. */
export const WEBSUB_PATH = "/websub";

/** The hub every current feed advertises. */
export const hubUrl = (site: Site, settings: Settings["websub"]) => settings.externalHub ?? absoluteUrl(site, WEBSUB_PATH);

/** Leases the built-in hub grants, in seconds: what a subscriber asks for, within these bounds. */
const LEASE_SECONDS = { min: 3_600, default: 7 * 86_400, max: 30 * 86_400 } as const;

/** Live subscriptions one callback host may hold, so no one can make the hub call a host without bound. */
export const MAX_SUBSCRIPTIONS_PER_HOST = 50;

/** How long the hub waits for a subscriber (verification or delivery) before giving up on that attempt. */
export const CALLBACK_TIMEOUT_MS = 10_000;

const httpUrl = (message: string) =>
  z.string(message).check(
    z.maxLength(2_000, message),
    z.refine((value) => /^https?:$/.test(URL.parse(value)?.protocol ?? ""), message),
  );

/** `POST /websub`: a subscription request (the W3C WebSub form fields). */
export const subscriptionRequest = z.object({
  "hub.mode": z.enum(["subscribe", "unsubscribe"], "hub.mode must be subscribe or unsubscribe."),
  "hub.topic": httpUrl("hub.topic must be the URL of one of this site's feeds."),
  "hub.callback": httpUrl("hub.callback must be an absolute http(s) URL."),
  "hub.lease_seconds": z.optional(z.pipe(z.coerce.number("hub.lease_seconds must be a number."), z.int("hub.lease_seconds must be a whole number."))),
  "hub.secret": z.optional(z.string().check(z.refine((value) => new TextEncoder().encode(value).length < 200, "hub.secret must be shorter than 200 bytes."))),
});

export type SubscriptionRequest = z.output<typeof subscriptionRequest>;

export const leaseSeconds = (requested: number | undefined) => Math.min(LEASE_SECONDS.max, Math.max(LEASE_SECONDS.min, requested ?? LEASE_SECONDS.default));

function isPrivateIpv4(a: number, b: number): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 ||
    (a === 100 && b >= 64 && b < 128) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

/**
 * Whether a URL's host is this machine or a private network by its very
 * name: `localhost`, or an IP literal in a loopback, private, link-local,
 * shared, multicast or reserved range (the URL parser has already turned
 * `0x7f.1`, `2130706433` and the like into dotted form). A public name that
 * resolves to such an address can't be caught here: a Worker can't see DNS.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (v4) return isPrivateIpv4(Number(v4[1]), Number(v4[2]));
  if (!host.startsWith("[")) return false;
  const v6 = host.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(v6);
  if (mapped) return isPrivateIpv4(Number.parseInt(mapped[1]!, 16) >> 8, Number.parseInt(mapped[1]!, 16) & 255);
  // ::/16 (unspecified, loopback, IPv4-compatible), fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast.
  return v6.startsWith("::") || /^f[c-f][0-9a-f]{2}:/.test(v6);
}

/** `X-Hub-Signature`: an HMAC-SHA256 of the delivered body with the subscriber's `hub.secret`. */
export async function hubSignature(secret: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  return `sha256=${[...mac].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** Seconds before delivery attempt `attempts + 1`: 30 s, 2 min, 8 min, 32 min…, at most 12 hours (a queue's longest delay). */
export const retryDelaySeconds = (attempts: number) => Math.min(43_200, 30 * 4 ** Math.max(0, attempts - 1));

/**
 * The feeds whose current documents `changes` altered, for the hub to
 * announce: the paths their three formats live under ("" for the site's
 * article feeds), and the articles whose own comment feeds changed (by id:
 * their slugs are looked up when announcing). New, changed and removed
 * comments change the comment feeds; an article published, edited or taken
 * down also changes the site's article feeds and its sections' and tags'.
 * (The article feeds' comment counts are left to readers' next poll:
 * pushing every feed on every comment would flood subscribers.)
 */
export function changedFeeds(changes: PublicChange[]): { paths: string[]; articleIds: number[] } {
  const paths = new Set<string>();
  const articleIds = new Set<number>();
  for (const change of changes) {
    if (change.kind === "comments") {
      paths.add(COMMENTS_PATH);
      for (const id of change.articleIds) articleIds.add(id);
    } else if (change.kind === "article") {
      paths.add("").add(COMMENTS_PATH);
      for (const term of change.terms) paths.add(termPath(term));
      articleIds.add(change.articleId);
    }
  }
  return { paths: [...paths], articleIds: [...articleIds] };
}

/** The hub's work, as queue messages: announce changed feeds (topics), or deliver one topic to one subscription. */
export type WebSubJob = { kind: "publish"; topics: string[] } | { kind: "deliver"; subscription: number; topic: string };
