import { keyedHash, timingSafeEqualStrings } from "../domain/privacy.ts";
import type { Bindings } from "../env.ts";

/** What the admin side's sign-in needs of the bindings. */
type AdminAuthEnv = Pick<Bindings, "ADMIN_TOKEN" | "HASH_KEY" | "ADMIN_AUTH_RATE_LIMITER">;

export type AdminCheck = "ok" | "not_configured" | "invalid" | "locked_out";

/** How long a client that failed too often is refused, whatever it sends. */
export const LOCKOUT_SECONDS = 60;
/** How long a sign-in to the moderation page lasts. */
export const SESSION_SECONDS = 8 * 60 * 60;

// The binding can't be asked "is this client over?" without counting, so a
// client that went over is remembered in the local cache for the lockout.
async function lockoutKey(env: AdminAuthEnv, clientKey: string): Promise<string> {
  return `https://wirepost.internal/admin-lockout/${await keyedHash(env.HASH_KEY, "lockout", clientKey)}`;
}

async function isLockedOut(env: AdminAuthEnv, clientKey: string): Promise<boolean> {
  return (await caches.default.match(await lockoutKey(env, clientKey))) !== undefined;
}

async function recordFailure(env: AdminAuthEnv, clientKey: string): Promise<boolean> {
  let overLimit: boolean;
  try {
    overLimit = !(await env.ADMIN_AUTH_RATE_LIMITER.limit({ key: clientKey })).success;
  } catch {
    overLimit = true; // fail closed: no counting, no guessing
  }
  if (overLimit) {
    const marker = new Response("locked", { headers: { "Cache-Control": `max-age=${LOCKOUT_SECONDS}` } });
    await caches.default.put(await lockoutKey(env, clientKey), marker);
  }
  return overLimit;
}

/**
 * Checks a presented admin token in constant time. Failures count against the
 * client (10 a minute); past that it is locked out for a minute, right token or not.
 */
export async function checkAdminToken(env: AdminAuthEnv, presented: string | undefined, clientKey: string): Promise<AdminCheck> {
  if (!env.ADMIN_TOKEN) return "not_configured";
  if (await isLockedOut(env, clientKey)) return "locked_out";
  if (presented !== undefined && timingSafeEqualStrings(presented, env.ADMIN_TOKEN)) return "ok";
  return (await recordFailure(env, clientKey)) ? "locked_out" : "invalid";
}

/** A session cookie value: its expiry, signed with the admin token (rotating the token signs everyone out). */
export async function issueSession(env: AdminAuthEnv, now: Date): Promise<string> {
  const expires = now.getTime() + SESSION_SECONDS * 1000;
  return `${expires}.${await keyedHash(env.ADMIN_TOKEN, "admin-session", String(expires))}`;
}

export async function isValidSession(env: AdminAuthEnv, session: string | undefined, now: Date): Promise<boolean> {
  const match = /^(\d{1,15})\.([0-9a-f]{64})$/.exec(session ?? "");
  if (!env.ADMIN_TOKEN || !match || Number(match[1]) < now.getTime()) return false;
  return timingSafeEqualStrings(match[2]!, await keyedHash(env.ADMIN_TOKEN, "admin-session", match[1]!));
}

/** The anti-forgery token the moderation page's forms carry, bound to the session. */
export async function csrfToken(env: AdminAuthEnv, session: string): Promise<string> {
  return (await keyedHash(env.ADMIN_TOKEN, "admin-csrf", session)).slice(0, 32);
}
