import { Hono } from "hono";
import { describeFieldErrors } from "../domain/text-fields.ts";
import { MAX_SUBSCRIPTIONS_PER_HOST, subscriptionRequest, WEBSUB_PATH } from "../domain/websub.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";
import { limitBody, requireMediaType } from "../http/request-body.ts";
import { validated } from "../http/validate.ts";
import { requestSubscription } from "../services/websub-hub.ts";

/**
 * The built-in WebSub hub: `POST /websub` (form-encoded `hub.mode`,
 * `hub.topic`, `hub.callback`, optional `hub.lease_seconds` and
 * `hub.secret`). Subscribers are servers, so refusals are plain text.
 */
export const hub = new Hono<AppEnv>();

hub.post(
  WEBSUB_PATH,
  async (c, next) => {
    // With an external hub configured, feeds send subscribers there.
    if (c.var.settings.websub.externalHub) throw notFound();
    await next();
  },
  requireMediaType("application/x-www-form-urlencoded"),
  limitBody(),
  validated("form", subscriptionRequest, (fields, c) => c.text(describeFieldErrors(fields), 422)),
  async (c) => {
    const { db, site, settings, effects } = c.var;
    const result = await requestSubscription({ db, site, settings: settings.websub, effects }, c.req.valid("form"), new Date());
    switch (result.outcome) {
      case "unknown_topic":
        return c.text("hub.topic: this hub only serves this site's feeds (the URL a feed names as rel=self).", 422);
      case "private_callback":
        return c.text("hub.callback: this hub doesn't call private, loopback or link-local addresses.", 403);
      case "too_many":
        return c.text(`hub.callback: its host already has ${MAX_SUBSCRIPTIONS_PER_HOST} subscriptions.`, 429);
      case "accepted":
        return c.body(null, 202);
    }
  },
);
