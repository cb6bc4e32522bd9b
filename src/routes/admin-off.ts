import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/errors.ts";
import { noStore } from "../http/require-admin.ts";

/**
 * The reader's answer on the owner's paths when the admin Worker doesn't
 * answer them: a site deployed without it (no ADMIN service binding in
 * wrangler.toml) has its admin side off; a bound one that failed is briefly
 * unavailable.
 */
export const adminOff = new Hono<AppEnv>();

adminOff.use(noStore());

adminOff.all("*", (c) => {
  if (!c.env.ADMIN) {
    throw new AppError(503, "admin_disabled", "The admin side is off: this site runs without its admin Worker (the ADMIN service binding in wrangler.toml).");
  }
  throw new AppError(503, "unavailable", "The admin side can't be reached right now. Please try again in a few seconds.", { headers: { "Retry-After": "5" } });
});
