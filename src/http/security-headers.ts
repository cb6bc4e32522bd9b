import type { MiddlewareHandler } from "hono";
import { remembered } from "../domain/remembered.ts";
import type { AppEnv } from "../env.ts";
import { STYLES } from "../views/styles.ts";

const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";
const policies = new Map<boolean, Promise<string>>();

async function buildPolicy(withTurnstile: boolean): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLES));
  const styleHash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    "img-src 'self' https: data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    // Turnstile's widget is the only script a page may ever load.
    ...(withTurnstile ? [`script-src ${TURNSTILE_ORIGIN}`, `frame-src ${TURNSTILE_ORIGIN}`] : []),
  ].join("; ");
}

/**
 * A strict CSP (no scripts unless Turnstile is on; the one inline stylesheet
 * allowed by its hash, computed once per isolate) and the usual hardening headers.
 */
export const securityHeaders = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next();
  const headers = c.res.headers;
  if (headers.get("Content-Type")?.startsWith("text/html")) {
    // Settings are absent only when they failed to parse: that error page needs no script.
    const withTurnstile = Boolean(c.var.settings?.turnstile);
    headers.set("Content-Security-Policy", await remembered(policies, withTurnstile, () => buildPolicy(withTurnstile)));
    headers.set("X-Frame-Options", "DENY");
  }
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
};
