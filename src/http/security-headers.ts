import type { MiddlewareHandler } from "hono";
import { remembered } from "../domain/remembered.ts";
import type { AppEnv } from "../env.ts";
import { MODERATION_SCRIPT, REMEMBER_SCRIPT } from "../views/scripts.ts";
import { STYLES } from "../views/styles.ts";

const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";
const policies = new Map<boolean, Promise<string>>();

async function hashSource(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

async function buildPolicy(withTurnstile: boolean): Promise<string> {
  const [styles, ...scripts] = await Promise.all([STYLES, REMEMBER_SCRIPT, MODERATION_SCRIPT].map(hashSource));
  return [
    "default-src 'none'",
    `style-src ${styles}`,
    // Our two small inline scripts by their hashes; Turnstile's widget is the only script a page may load.
    `script-src ${scripts.join(" ")}${withTurnstile ? ` ${TURNSTILE_ORIGIN}` : ""}`,
    "img-src 'self' https: data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    ...(withTurnstile ? [`frame-src ${TURNSTILE_ORIGIN}`] : []),
  ].join("; ");
}

/**
 * A strict CSP (the one inline stylesheet and our two inline scripts allowed
 * by their hashes, computed once per isolate; Turnstile's script only when it
 * is on) and the usual hardening headers.
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
