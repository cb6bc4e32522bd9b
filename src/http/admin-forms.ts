import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { timingSafeEqualStrings } from "../domain/privacy.ts";
import type { AppEnv } from "../env.ts";
import { adminTokenProblem, csrfToken } from "../services/admin-auth.ts";
import { AppError } from "./errors.ts";
import { limitBody, readForm, requireMediaType } from "./request-body.ts";
import { adminCheckError, hasAdminSession, SESSION_COOKIE } from "./require-admin.ts";
import { requireSameOrigin } from "./same-origin.ts";

/** What every form post on /admin passes first: same origin, a form's media type, the body limit. */
export const adminFormPost = () => [requireSameOrigin(), requireMediaType("application/x-www-form-urlencoded", "multipart/form-data"), limitBody()] as const;

/** The session's anti-forgery token for a signed-in owner's page, or null when the browser isn't signed in (503 when the admin side is off). */
export async function signedInCsrf(c: Context<AppEnv>): Promise<string | null> {
  const problem = adminTokenProblem(c.env.ADMIN_TOKEN);
  if (problem) throw adminCheckError(problem);
  if (!(await hasAdminSession(c))) return null;
  return csrfToken(c.env, getCookie(c, SESSION_COOKIE)!);
}

/** A signed-in session and the form's anti-forgery token, or 403; the form's fields. */
export async function requireSessionForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const form = await readForm(c);
  const session = getCookie(c, SESSION_COOKIE);
  const valid = session !== undefined && (await hasAdminSession(c)) && timingSafeEqualStrings(form.csrf ?? "", await csrfToken(c.env, session));
  if (!valid) throw new AppError(403, "forbidden", "Your session has ended or this form is stale. Please sign in again.");
  return form;
}

/** Back to the /admin view a form was sent from (its filters kept), never anywhere else. */
export function backTo(c: Context, form: Record<string, string>) {
  const back = form.back ?? "";
  return c.redirect(/^\/admin(\/[a-z]+)?(\?[\w%&=.+~*-]*)?$/.test(back) ? back : "/admin", 303);
}
