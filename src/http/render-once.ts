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
}

export type Served = RenderedResponse & { tag: string };

/**
 * A public response, rendered once per change: served from its last rendering
 * kept in D1 (one small read) while its tag has not changed, else rendered
 * (`render` throws when there is nothing to show) and kept for the next miss,
 * after the response is sent. Keyed by the request's path and query string,
 * which the route has made canonical. With `keep: false` (for URLs too many to
 * keep, one per comment or per cursor) it is simply rendered.
 */
export async function renderOnce(c: Context<AppEnv>, render: () => Promise<Rendition>, { keep = true } = {}): Promise<Served> {
  const { pathname, search } = new URL(c.req.url);
  const key = `${pathname}${search}`;
  const scope = { build: c.env.CF_VERSION_METADATA.id, baseUrl: c.var.site.baseUrl };
  const kept = keep ? await renderedResponse(c.var.db, key, scope) : undefined;
  if (kept) return kept;
  const fresh = await render();
  const served = { tag: fresh.tag, body: fresh.body, etag: await entityTagOf(fresh.body), lastModified: fresh.lastModified ?? null };
  if (keep) await c.var.effects.defer(Promise.resolve(keepRendered(c.var.db, key, fresh.tag, fresh.version, scope, served)));
  return served;
}
