const SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The field Turnstile's widget adds to the form (also accepted in API payloads). */
export const TURNSTILE_FIELD = "cf-turnstile-response";

/**
 * Asks Turnstile whether `token` was issued to a person. Network or service
 * failures count as "not verified": the post is refused, never let through.
 */
export async function verifyTurnstile(secret: string, token: string | undefined, remoteIp: string | undefined): Promise<boolean> {
  if (!token) return false;
  const form = new FormData();
  form.set("secret", secret);
  form.set("response", token);
  if (remoteIp) form.set("remoteip", remoteIp);
  try {
    const response = await fetch(SITEVERIFY_URL, { method: "POST", body: form });
    if (!response.ok) return false;
    const outcome = await response.json<{ success?: unknown }>();
    return outcome.success === true;
  } catch {
    return false;
  }
}
