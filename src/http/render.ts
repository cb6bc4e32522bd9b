import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";

type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

export const HTML = "text/html; charset=utf-8";

/** A JSX page as a complete HTML document. */
export async function renderDocument(page: Page): Promise<string> {
  return (await html`<!DOCTYPE html>${page}`).toString();
}

/** Sends an HTML document. It is private unless the route marks it public (see edge-cache.ts). */
export function sendHtml(c: Context, document: string, status: ContentfulStatusCode = 200) {
  return c.body(document, status, { "Content-Type": HTML });
}

export async function renderPage(c: Context, page: Page, status: ContentfulStatusCode = 200) {
  return sendHtml(c, await renderDocument(page), status);
}
