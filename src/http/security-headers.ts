import type { MiddlewareHandler } from "hono";
import { STYLES } from "../views/styles.ts";

let contentSecurityPolicy: Promise<string> | undefined;

async function buildPolicy(): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLES));
  const styleHash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    "img-src 'self' https: data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * A strict CSP (no scripts at all; the one inline stylesheet allowed by its
 * hash, computed once per isolate) and the usual hardening headers.
 */
export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  await next();
  contentSecurityPolicy ??= buildPolicy();
  const headers = c.res.headers;
  if (headers.get("Content-Type")?.startsWith("text/html")) {
    headers.set("Content-Security-Policy", await contentSecurityPolicy);
    headers.set("X-Frame-Options", "DENY");
  }
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
};
