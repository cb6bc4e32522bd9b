import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { timingSafeEqualStrings } from "../domain/privacy.ts";
import type { AppEnv } from "../env.ts";
import { adminTokenProblem, csrfToken } from "../services/admin-auth.ts";
import { AppError } from "./errors.ts";
import { limitBody, readForm, requireMediaType } from "./request-body.ts";
import { adminCheckError, hasAdminSession, SESSION_COOKIE } from "./require-admin.ts";
import { requireSameOrigin } from "./same-origin.ts";

/**
 * What every form post of the admin pages passes first: same origin, a form
 * content type, and a body limit (256 KiB unless the form carries uploads).
 */
export const adminFormPost = (maxBytes?: number, size?: string) =>
  [requireSameOrigin(), requireMediaType("application/x-www-form-urlencoded", "multipart/form-data"), limitBody(maxBytes, size)] as const;

/**
 * For an admin page: the anti-forgery token its forms carry when the owner is
 * signed in, undefined when not (the page then asks them to sign in); 503
 * when the admin side is off (or its token too short to trust).
 */
export async function adminPageCsrf(c: Context<AppEnv>): Promise<string | undefined> {
  const problem = adminTokenProblem(c.env.ADMIN_TOKEN);
  if (problem) throw adminCheckError(problem);
  if (!(await hasAdminSession(c))) return undefined;
  return csrfToken(c.env, getCookie(c, SESSION_COOKIE)!);
}

/**
 * A signed-in session and the form's anti-forgery token, or 403; the form's
 * text fields. The session is checked before the body is read: nobody else
 * gets a (possibly large) form parsed.
 */
export async function requireSessionForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const refused = () => new AppError(403, "forbidden", "Your session has ended or this form is stale. Please sign in again.");
  const session = getCookie(c, SESSION_COOKIE);
  if (session === undefined || !(await hasAdminSession(c))) throw refused();
  const form = await readForm(c);
  if (!timingSafeEqualStrings(form.csrf ?? "", await csrfToken(c.env, session))) throw refused();
  return form;
}
