import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const CACHE = {
  /** Pages change with every approved comment: browsers revalidate each time (cheap, by ETag). */
  page: "public, max-age=0, must-revalidate",
  feed: "public, max-age=300",
  api: "public, max-age=0, must-revalidate",
} as const;

type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Sends a full HTML document. */
export function renderPage(c: Context, page: Page, status: ContentfulStatusCode = 200) {
  if (status === 200) c.header("Cache-Control", CACHE.page);
  else c.header("Cache-Control", "no-store");
  return c.html(html`<!DOCTYPE html>${page}`, status, { "Content-Type": "text/html; charset=utf-8" });
}
