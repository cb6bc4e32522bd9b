import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { TURNSTILE_FIELD, verifyTurnstile } from "../services/turnstile.ts";
import { AppError } from "./errors.ts";
import { readForm, readJson } from "./request-body.ts";

/**
 * When Turnstile is on, refuses (403) a post whose token is missing or not
 * verified, before its fields are validated. The widget puts the token in the
 * form; API clients send it as a header or a field of the JSON body. The
 * token must have been solved on this site, or on the page `pageHostname`
 * finds in the payload (a page of another site that embeds comments).
 */
export const requireHuman =
  (body: "json" | "form", pageHostname?: (payload: unknown) => string | undefined): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const { turnstile } = c.var.settings;
    if (turnstile) {
      const payload = body === "json" ? await readJson(c) : await readForm(c);
      const token = c.req.header(TURNSTILE_FIELD) ?? (typeof payload === "object" && payload !== null ? Reflect.get(payload, TURNSTILE_FIELD) : undefined);
      const verified = await verifyTurnstile({
        secret: turnstile.secretKey,
        token: typeof token === "string" ? token : undefined,
        remoteIp: c.req.header("CF-Connecting-IP"),
        hostname: pageHostname?.(payload) ?? new URL(c.var.site.baseUrl).hostname,
      });
      if (!verified) {
        throw new AppError(403, "turnstile_failed", "We couldn't confirm you're a person. Please complete the check above the button and send again.");
      }
    }
    await next();
  };
