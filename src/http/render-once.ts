import type { Context } from "hono";
import { keepRendered, type RenderedResponse, renderedResponse } from "../db/rendered-responses.ts";
import type { AppEnv } from "../env.ts";
import { entityTagOf } from "./conditional-get.ts";

/** What a render produced: the body, and the cache tag and version of the data it shows. */
export interface Rendition {
  tag: string;
  version: number;
  body: string;
  lastModified?: Date | undefined;
  /** When what it shows changes by the clock alone (a scheduled article goes live, comments close): no copy may be served after. */
  expiresAt?: Date | undefined;
}

export type Served = RenderedResponse & {
  tag: string;
  /** The body as UTF-8, encoded once per isolate: a response built from bytes costs a copy, from a string an encoding. */
  bytes?: Uint8Array<ArrayBuffer>;
  /** Where in `bytes` a placeholder starts (see `bytesWith`; -1: nowhere). */
  slotAt?: number;
};

const encoder = new TextEncoder();

/** A response body's bytes. */
export const bytesOf = (served: Served): Uint8Array<ArrayBuffer> => {
  served.bytes ??= encoder.encode(served.body) as Uint8Array<ArrayBuffer>;
  return served.bytes;
};

/** A response body's bytes with `value` in place of `slot` (its first occurrence; a body without one, such as a page whose comments are closed, as is). */
export function bytesWith(served: Served, slot: string, value: string): Uint8Array<ArrayBuffer> {
  const bytes = bytesOf(served);
  if (served.slotAt === undefined) {
    const at = served.body.indexOf(slot);
    served.slotAt = at < 0 ? -1 : encoder.encode(served.body.slice(0, at)).length;
  }
  if (served.slotAt < 0) return bytes;
  const slotLength = encoder.encode(slot).length;
  const filler = encoder.encode(value);
  const filled = new Uint8Array(bytes.length - slotLength + filler.length);
  filled.set(bytes.subarray(0, served.slotAt));
  filled.set(filler, served.slotAt);
  filled.set(bytes.subarray(served.slotAt + slotLength), served.slotAt + filler.length);
  return filled;
}

/**
 * The renderings this isolate served last, so that a miss at the edge whose
 * rendering is still valid costs one small D1 read (the check) and no
 * transfer of the body. Bounded by size, the least recently used forgotten first.
 */
const MEMO_CHARACTERS = 4_000_000;
const memo = new Map<string, Served>();
let memoCharacters = 0;

function remember(key: string, served: Served) {
  forget(key);
  memo.set(key, served);
  memoCharacters += served.body.length;
  for (const [oldest, evicted] of memo) {
    if (memoCharacters <= MEMO_CHARACTERS) break;
    memo.delete(oldest);
    memoCharacters -= evicted.body.length;
  }
}

function forget(key: string) {
  const known = memo.get(key);
  if (!known) return;
  memo.delete(key);
  memoCharacters -= known.body.length;
}

/**
 * A public response, rendered once per change: served from its last rendering
 * kept in D1 (one small read) while its tag has not changed (and its time,
 * if it has one, hasn't come), else rendered
 * (`render` throws when there is nothing to show) and kept for the next miss,
 * after the response is sent. Keyed by the request's path and query string,
 * which the route has made canonical. With `keep: false` (for URLs too many to
 * keep, one per comment or per cursor) it is simply rendered.
 */
export async function renderOnce(c: Context<AppEnv>, render: () => Promise<Rendition>, { keep = true } = {}): Promise<Served> {
  const { pathname, search } = new URL(c.req.url);
  const key = `${pathname}${search}`;
  const scope = { build: c.env.CF_VERSION_METADATA.id, baseUrl: c.var.site.baseUrl };
  const memoKey = `${scope.build} ${scope.baseUrl} ${key}`;
  if (keep) {
    const known = memo.get(memoKey);
    const kept = await renderedResponse(c.var.db, key, scope, known?.etag ?? "");
    if (kept) {
      const served = kept.body === null ? known! : { ...kept, body: kept.body };
      remember(memoKey, served);
      return served;
    }
  }
  const fresh = await render();
  const served = {
    tag: fresh.tag,
    body: fresh.body,
    etag: await entityTagOf(fresh.body),
    lastModified: fresh.lastModified ?? null,
    expiresAt: fresh.expiresAt ?? null,
  };
  if (keep) {
    remember(memoKey, served);
    await c.var.effects.defer(Promise.resolve(keepRendered(c.var.db, key, fresh.tag, fresh.version, scope, served)));
  }
  return served;
}
