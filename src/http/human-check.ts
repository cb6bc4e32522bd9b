import type { Context } from "hono";
import { turnstileEnabled, verifyTurnstile } from "../services/turnstile.ts";
import type { AppEnv } from "./app-env.ts";
import { AppError } from "./errors.ts";

/** When Turnstile is on, refuses (403) a post whose token is missing or not verified. */
export async function requireTurnstile(c: Context<AppEnv>, token: unknown): Promise<void> {
  const secret = c.env.TURNSTILE_SECRET_KEY;
  if (!secret || !turnstileEnabled(c.env)) return;
  const verified = await verifyTurnstile(secret, typeof token === "string" ? token : undefined, c.req.header("CF-Connecting-IP"));
  if (!verified) {
    throw new AppError(403, "turnstile_failed", "We couldn't confirm you're a person. Please complete the check above the button and send again.");
  }
}
