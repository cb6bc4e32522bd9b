import type { MiddlewareHandler } from "hono";
import { clientAddressKey } from "../domain/client-address.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "./errors.ts";

export function tooManyRequests(retryAfterSeconds: number, message: string): AppError {
  return new AppError(429, "rate_limited", message, { headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) } });
}

/**
 * The edge burst limit (Workers Rate Limiting binding), keyed by client
 * address. Runs before the body is read or D1 is touched. If the binding
 * itself fails, writes fail closed with 503.
 */
export const burstLimit = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const key = clientAddressKey(c.req.header("CF-Connecting-IP"));
  let outcome: RateLimitOutcome | undefined;
  try {
    // The reader Worker's binding: a Worker without it fails closed too.
    outcome = await c.env.COMMENT_RATE_LIMITER?.limit({ key });
  } catch {
    // Answered below.
  }
  if (!outcome) {
    throw new AppError(503, "unavailable", "Comments can't be accepted right now. Please try again shortly.", {
      headers: { "Retry-After": "30" },
    });
  }
  if (!outcome.success) {
    throw tooManyRequests(c.var.settings.burstPeriodSeconds, "You're posting too quickly. Please wait a minute and try again.");
  }
  await next();
};
