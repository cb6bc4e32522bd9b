import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";

// Browsers revalidate pages each time (cheap, by ETag); the edge keeps them a
// minute (writes purge at once; other locations catch up within s-maxage).
const EDGE = "s-maxage=60, stale-while-revalidate=300";
export const CACHE = {
  page: `public, max-age=0, must-revalidate, ${EDGE}`,
  feed: `public, max-age=300, ${EDGE}`,
  api: `public, max-age=0, must-revalidate, ${EDGE}`,
  /** A complete feed archive page (RFC 5005): its items are fixed for good. */
  archive: "public, max-age=31536000, immutable",
} as const;

type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A JSX page as a complete HTML document. */
export async function renderDocument(page: Page): Promise<string> {
  return (await html`<!DOCTYPE html>${page}`).toString();
}

/** Sends an HTML document; only successful pages may be cached. */
export function sendHtml(c: Context, document: string, status: ContentfulStatusCode = 200) {
  c.header("Cache-Control", status === 200 ? CACHE.page : "no-store");
  return c.body(document, status, { "Content-Type": "text/html; charset=utf-8" });
}

export async function renderPage(c: Context, page: Page, status: ContentfulStatusCode = 200) {
  return sendHtml(c, await renderDocument(page), status);
}
