import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { clientAddressKey } from "../domain/client-address.ts";
import type { AppEnv } from "../env.ts";
import {
  type AdminCheck,
  adminTokenProblem,
  checkAdminToken,
  isValidSession,
  LOCKOUT_SECONDS,
  MIN_ADMIN_TOKEN_LENGTH,
  refuseExposedToken,
} from "../services/admin-auth.ts";
import { markPrivate } from "./edge-cache.ts";
import { AppError } from "./errors.ts";

export const SESSION_COOKIE = "wirepost_admin";

/**
 * Query parameters a credential is commonly sent in. Only these are refused
 * (and counted as a failed attempt); other values are never compared with the
 * token, so a URL can't test guesses.
 */
const CREDENTIAL_PARAMETERS = new Set(["token", "access_token", "admin_token", "auth", "authorization", "key", "api_key", "apikey", "password", "secret"]);

const lockedOut = () =>
  new AppError(429, "rate_limited", "Too many failed sign-ins from your address. Wait a minute and try again.", {
    headers: { "Retry-After": String(LOCKOUT_SECONDS) },
  });

/** The HTTP answer to a failed admin check. */
export function adminCheckError(check: Exclude<AdminCheck, "ok">): AppError {
  switch (check) {
    case "not_configured":
      return new AppError(503, "admin_disabled", "The admin side is off: set the ADMIN_TOKEN secret to turn it on.");
    case "too_short":
      return new AppError(503, "admin_disabled", `The admin side is off: ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters. Set a longer one.`);
    case "locked_out":
      return lockedOut();
    case "missing":
    case "invalid":
      return new AppError(401, "unauthorized", "Send the admin token as Authorization: Bearer <token>.", {
        headers: { "WWW-Authenticate": 'Bearer realm="wirepost admin"' },
      });
  }
}

export const clientKeyOf = (c: Context) => clientAddressKey(c.req.header("CF-Connecting-IP"));

/** Answers no cache may store (the admin side, pages whose URL carries a signed token), errors included: a not-found one too, which elsewhere is shared. */
export const noStore = (): MiddlewareHandler => async (c, next) => {
  await next();
  markPrivate(c.res.headers);
};

/**
 * `Authorization: Bearer <ADMIN_TOKEN>` for `/api/admin`. A credential in
 * the query string is refused outright (URLs end up in logs and browser
 * history) and counts as a failed attempt.
 */
export const requireAdminToken = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const query = new URL(c.req.url).searchParams;
  if ([...query.keys()].some((name) => CREDENTIAL_PARAMETERS.has(name.toLowerCase()))) {
    const problem = adminTokenProblem(c.env.ADMIN_TOKEN);
    if (problem) throw adminCheckError(problem);
    if ((await refuseExposedToken(c.env, "api", clientKeyOf(c))) === "locked_out") throw lockedOut();
    throw new AppError(400, "token_in_query", "Never put the admin token in a URL; send it in the Authorization header (and rotate it if it was a real one).");
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("Authorization") ?? "");
  const check = await checkAdminToken(c.env, "api", match?.[1], clientKeyOf(c));
  if (check !== "ok") throw adminCheckError(check);
  await next();
};

/** Whether this browser holds a valid moderation-page session. */
export async function hasAdminSession(c: Context<AppEnv>): Promise<boolean> {
  return isValidSession(c.env, c.var.db, getCookie(c, SESSION_COOKIE), new Date());
}
