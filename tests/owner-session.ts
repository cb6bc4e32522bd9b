import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { fetchWorker, nextClientIp, ORIGIN } from "./helpers.ts";
import { parseDocument } from "./parse-html.ts";

/** POSTs a form to the site as the owner's browser would, from the site's own pages (no redirects followed). */
export function formPost(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetchWorker(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, "CF-Connecting-IP": nextClientIp(), ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

/** Signs in to /admin with the token; the session cookie to send back. */
export async function signIn(): Promise<string> {
  const response = await formPost("/admin/session", { token: env.ADMIN_TOKEN });
  expect(response.status).toBe(303);
  const cookie = response.headers.get("Set-Cookie")!;
  expect(cookie).toMatch(/^wirepost_admin=\d+\.\d+\.[0-9a-f]{64};/);
  expect(cookie).toContain("HttpOnly");
  expect(cookie).toContain("Secure");
  expect(cookie).toContain("SameSite=Strict");
  expect(cookie).toContain("Path=/admin");
  return cookie.split(";")[0]!;
}

/** The session's anti-forgery token, as the page's forms carry it. */
export async function csrfOf(cookie: string): Promise<string> {
  const page = parseDocument(await (await fetchWorker("/admin", { headers: { Cookie: cookie } })).text());
  return page.querySelector('form[action="/admin/signout"] input[name="csrf"]')!.getAttribute("value")!;
}
