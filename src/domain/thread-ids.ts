// Thread ids and origins for comments on pages that live elsewhere. Pure and
// small: the widget (embed.js, count.js) and the Disqus importer
// use the same functions as the Worker, so a page's default thread id is the
// same wherever it is computed.

import { isSlug } from "./articles/slugs.ts";

/** A thread id as the host page gives it: 1–200 of these characters (URL-encoded in paths). */
const THREAD_ID = /^[A-Za-z0-9._~:/-]{1,200}$/;
const MAX_THREAD_ID_LENGTH = 200;
export const THREAD_ID_RULE = "A thread id is 1 to 200 letters, digits and . _ ~ : / - characters.";

/** Count ids of our own articles: `article:<slug>`. An outside thread's id may not start so. */
const ARTICLE_ID_PREFIX = "article:";
/** An outside thread is stored as an article whose slug is this prefix and its thread id (no article slug has a colon). */
const OUTSIDE_SLUG_PREFIX = "thread:";

/** Whether `id` can name a thread on another site (not "." or "..", which no URL path can carry). */
export const isOutsideThreadId = (id: string) => THREAD_ID.test(id) && !id.startsWith(ARTICLE_ID_PREFIX) && id !== "." && id !== "..";

/** Whether `id` can be counted (`/api/counts`): an outside thread's id or `article:<slug>`. */
export const isCountId = (id: string) => (id.startsWith(ARTICLE_ID_PREFIX) ? isSlug(id.slice(ARTICLE_ID_PREFIX.length)) : isOutsideThreadId(id));

/** The slug an outside thread is stored under. */
export const outsideSlug = (threadId: string) => `${OUTSIDE_SLUG_PREFIX}${threadId}`;

/** The thread id of an outside thread's slug; undefined for an article's. */
export const threadIdOfSlug = (slug: string) => (slug.startsWith(OUTSIDE_SLUG_PREFIX) ? slug.slice(OUTSIDE_SLUG_PREFIX.length) : undefined);

/** The slug a count id (`article:<slug>` or an outside thread id) names. */
export const slugOfCountId = (id: string) => (id.startsWith(ARTICLE_ID_PREFIX) ? id.slice(ARTICLE_ID_PREFIX.length) : outsideSlug(id));

/** A 64-bit FNV-1a-style hash in hex: ids are not secrets, only kept short and distinct. */
function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/**
 * A page's default thread id, from its canonical URL: origin and path (query
 * and fragment dropped, so tracking parameters don't split a thread), every
 * character outside the id's alphabet written `~XX` (a percent-escape `%XX`
 * becomes `~XX`). Past 200 characters it is cut and ends in `~~` and a hash
 * of the whole. Undefined for anything but an http(s) URL.
 */
export function threadIdForUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
  // A serialized URL is ASCII: every other character is already percent-encoded.
  const id = `${parsed.origin}${parsed.pathname}`.replace(
    /%([0-9A-Fa-f]{2})|[^A-Za-z0-9._:/-]/g,
    (match, hex: string | undefined) => `~${hex ? hex.toUpperCase() : match.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return id.length <= MAX_THREAD_ID_LENGTH ? id : `${id.slice(0, MAX_THREAD_ID_LENGTH - 18)}~~${shortHash(id)}`;
}

const withoutScheme = (id: string) => id.replace(/^https?:\/\//, "");

/**
 * Whether a post's page can be on thread `id`. An id that is a page's
 * address (the default) must be this page's, whatever the scheme (a page
 * moved from http to https keeps its thread), so nobody makes a page's
 * thread name another page; an id the host page chose may name any page.
 */
export function pageFitsThread(id: string, pageUrl: string): boolean {
  if (!/^https?:\/\//.test(id)) return true;
  const own = threadIdForUrl(pageUrl);
  return own !== undefined && withoutScheme(own) === withoutScheme(id);
}

/**
 * `value` as an origin (`https://blog.example.com`, a port if any), or
 * undefined unless it is an http(s) URL with nothing after its host but an
 * optional "/".
 */
export function normalizeOrigin(value: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    return undefined;
  }
  const bare = parsed.pathname === "/" && parsed.search === "" && parsed.hash === "" && parsed.username === "" && parsed.password === "";
  return (parsed.protocol === "https:" || parsed.protocol === "http:") && bare && /^https?:\/\/[^/]+\/?$/i.test(value.trim()) ? parsed.origin : undefined;
}

/** The origin of an http(s) URL, or undefined. */
export function originOfUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

const bareHost = (hostname: string) => hostname.replace(/^www\./, "");

/**
 * `link` on one of the allowed sites: as it is when its origin is allowed,
 * else moved to the allowed origin of the same host (`www.` or not), https
 * first: old exports say `http://www.example.com/…` of pages now served at
 * `https://example.com/…`, whose widget asks for the https page's thread.
 * Undefined when no allowed site has its host.
 */
export function onAllowedSite(link: string, allowedOrigins: readonly string[]): string | undefined {
  const origin = originOfUrl(link);
  if (origin === undefined) return undefined;
  if (allowedOrigins.includes(origin)) return link;
  const url = new URL(link);
  const sameHost = allowedOrigins.filter((allowed) => bareHost(new URL(allowed).hostname) === bareHost(url.hostname));
  const target = sameHost.find((allowed) => allowed.startsWith("https:")) ?? sameHost[0];
  return target === undefined ? undefined : `${target}${url.pathname}${url.search}`;
}
