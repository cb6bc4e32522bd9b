import { sessionVersion } from "../db/admin-sessions.ts";
import type { Database } from "../db/client.ts";
import { keyedHash, timingSafeEqualStrings } from "../domain/privacy.ts";
import type { Bindings } from "../env.ts";

export type AdminCheck = "ok" | "not_configured" | "too_short" | "missing" | "invalid" | "locked_out";

/** Where a credential was presented: the API and the sign-in form count failures separately. */
export type AdminDoor = "api" | "sign-in";

/** A shorter token can be guessed; `npm start` and the README's commands make 43-character ones. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;
/** How long a client that failed too often is refused, whatever it sends. */
export const LOCKOUT_SECONDS = 60;
/** How long a sign-in to the moderation page lasts. */
export const SESSION_SECONDS = 8 * 60 * 60;

/** What the admin side's sign-in needs of the bindings. */
type AdminAuthEnv = Pick<Bindings, "ADMIN_TOKEN" | "HASH_KEY" | "ADMIN_AUTH_RATE_LIMITER">;

/** Whether the admin side can open at all: a token is set, and long enough. */
export function adminTokenProblem(token: string | undefined): "not_configured" | "too_short" | null {
  if (!token) return "not_configured";
  return token.length < MIN_ADMIN_TOKEN_LENGTH ? "too_short" : null;
}

// The binding can't be asked "is this client over?" without counting, so a
// client that went over is remembered in the local cache for the lockout.
async function lockoutKey(env: AdminAuthEnv, door: AdminDoor, clientKey: string): Promise<string> {
  return `https://wirepost.internal/admin-lockout/${await keyedHash(env.HASH_KEY, "lockout", `${door}:${clientKey}`)}`;
}

async function isLockedOut(env: AdminAuthEnv, door: AdminDoor, clientKey: string): Promise<boolean> {
  return (await caches.default.match(await lockoutKey(env, door, clientKey))) !== undefined;
}

/** Counts one failed credential; true when the client is now over the limit (and locked out for a minute). */
async function recordFailure(env: AdminAuthEnv, door: AdminDoor, clientKey: string): Promise<boolean> {
  let overLimit: boolean;
  try {
    // The admin Worker's binding: without it, as when it fails, nobody gets to guess.
    overLimit = !(await env.ADMIN_AUTH_RATE_LIMITER?.limit({ key: `${door}:${clientKey}` }))?.success;
  } catch {
    overLimit = true; // fail closed: no counting, no guessing
  }
  if (overLimit) {
    const marker = new Response("locked", { headers: { "Cache-Control": `max-age=${LOCKOUT_SECONDS}` } });
    await caches.default.put(await lockoutKey(env, door, clientKey), marker);
  }
  return overLimit;
}

/**
 * Checks a presented admin token in constant time. A request with no
 * credential at all is turned away without counting (a stray `<img>` or a
 * neighbour behind the same NAT must not lock the owner out); every wrong
 * one counts against the client at that door (10 a minute); past that it is
 * locked out for a minute, right token or not.
 */
export async function checkAdminToken(env: AdminAuthEnv, door: AdminDoor, presented: string | undefined, clientKey: string): Promise<AdminCheck> {
  const problem = adminTokenProblem(env.ADMIN_TOKEN);
  if (problem) return problem;
  if (await isLockedOut(env, door, clientKey)) return "locked_out";
  if (presented === undefined || presented === "") return "missing";
  // Set: adminTokenProblem would have said otherwise.
  if (timingSafeEqualStrings(presented, env.ADMIN_TOKEN!)) return "ok";
  return (await recordFailure(env, door, clientKey)) ? "locked_out" : "invalid";
}

/** A credential sent where it must never be (a URL): refused, and counted as a failed attempt. */
export async function refuseExposedToken(env: AdminAuthEnv, door: AdminDoor, clientKey: string): Promise<"locked_out" | "refused"> {
  if ((await isLockedOut(env, door, clientKey)) || (await recordFailure(env, door, clientKey))) return "locked_out";
  return "refused";
}

const sessionSignature = (env: AdminAuthEnv, expires: string, version: string) => keyedHash(env.ADMIN_TOKEN, "admin-session", `${expires}.${version}`);

/**
 * A session cookie value: its expiry and the current session version, signed
 * with the admin token (rotating the token signs everyone out; so does signing out).
 */
export async function issueSession(env: AdminAuthEnv, db: Database, now: Date): Promise<string> {
  const expires = String(now.getTime() + SESSION_SECONDS * 1000);
  const version = String(await sessionVersion(db));
  return `${expires}.${version}.${await sessionSignature(env, expires, version)}`;
}

export async function isValidSession(env: AdminAuthEnv, db: Database, session: string | undefined, now: Date): Promise<boolean> {
  const match = /^(\d{1,15})\.(\d{1,15})\.([0-9a-f]{64})$/.exec(session ?? "");
  if (adminTokenProblem(env.ADMIN_TOKEN) || !match || Number(match[1]) < now.getTime()) return false;
  const [, expires, version, signature] = match as unknown as [string, string, string, string];
  if (!timingSafeEqualStrings(signature, await sessionSignature(env, expires, version))) return false;
  return Number(version) === (await sessionVersion(db));
}

/** The anti-forgery token the moderation page's forms carry, bound to the session. */
export async function csrfToken(env: AdminAuthEnv, session: string): Promise<string> {
  return (await keyedHash(env.ADMIN_TOKEN, "admin-csrf", session)).slice(0, 32);
}
