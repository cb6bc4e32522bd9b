const SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The field Turnstile's widget adds to the form (also accepted in API payloads). */
export const TURNSTILE_FIELD = "cf-turnstile-response";

/** The widget's `data-action` on the comment form: a token solved for anything else doesn't count. */
export const TURNSTILE_ACTION = "comment";

/** A slow siteverify must not hold comment posts open: past this, the post is refused. */
const SITEVERIFY_TIMEOUT_MS = 3_000;

export interface TurnstileCheck {
  secret: string;
  token: string | undefined;
  remoteIp: string | undefined;
  /** The site's host: a token solved on another site's page doesn't count. */
  hostname: string;
}

/**
 * Asks Turnstile whether `token` was issued to a person, on this site's
 * comment form. Network or service failures and timeouts count as "not
 * verified": the post is refused, never let through.
 */
export async function verifyTurnstile({ secret, token, remoteIp, hostname }: TurnstileCheck): Promise<boolean> {
  if (!token) return false;
  const form = new FormData();
  form.set("secret", secret);
  form.set("response", token);
  if (remoteIp) form.set("remoteip", remoteIp);
  try {
    const response = await fetch(SITEVERIFY_URL, { method: "POST", body: form, signal: AbortSignal.timeout(SITEVERIFY_TIMEOUT_MS) });
    if (!response.ok) return false;
    const outcome = await response.json<{ success?: unknown; hostname?: unknown; action?: unknown }>();
    return outcome.success === true && outcome.hostname === hostname && outcome.action === TURNSTILE_ACTION;
  } catch {
    return false;
  }
}
