import { type ModerationMode, moderationModes } from "./comments/moderation.ts";
import { remembered } from "./remembered.ts";

/** The site's behaviour, parsed once from its vars and secrets: what services are given instead of the raw bindings. */
export interface Settings {
  /** Which new comments wait for a moderator. */
  moderation: ModerationMode;
  /** At most one comment per this many ms per commenter or client; 0 turns the interval off. */
  floodIntervalMs: number;
  /** `Retry-After` for the edge burst limit: its period. */
  burstPeriodSeconds: number;
  /** Cloudflare Turnstile on the comment form, when both keys are set. */
  turnstile: { siteKey: string; secretKey: string } | null;
  /** The owner's webhook for held comments. */
  notify: { webhookUrl: string; includeEmail: boolean } | null;
  /** The secrets emails and addresses are encrypted and hashed with (checked where used). */
  keys: Keys;
}

export interface Keys {
  emailKey: string | undefined;
  hashKey: string | undefined;
}

/** The bindings settings are read from (strings, as `wrangler.toml` and secrets give them). */
export interface SettingVars {
  COMMENT_MODERATION?: string | undefined;
  COMMENT_FLOOD_SECONDS?: string | undefined;
  COMMENT_BURST_PERIOD_SECONDS?: string | undefined;
  TURNSTILE_SITE_KEY?: string | undefined;
  TURNSTILE_SECRET_KEY?: string | undefined;
  NOTIFY_WEBHOOK_URL?: string | undefined;
  NOTIFY_INCLUDE_EMAIL?: string | undefined;
  EMAIL_KEY?: string | undefined;
  HASH_KEY?: string | undefined;
}

/** A var with a value the site can't run with; the message names it and says what it must be. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

const present = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

function seconds(name: string, value: string | undefined, fallback: number, minimum: number): number {
  if (present(value) === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < minimum) throw new SettingsError(`${name} must be a whole number of seconds, at least ${minimum}.`);
  return parsed;
}

/** WordPress's defaults where a var is empty; a clear error where one is set to something unusable. */
export function parseSettings(vars: SettingVars): Settings {
  const moderation = present(vars.COMMENT_MODERATION) ?? "first-time";
  if (!(moderationModes as readonly string[]).includes(moderation)) {
    throw new SettingsError(`COMMENT_MODERATION must be one of ${moderationModes.join(", ")}.`);
  }
  const siteKey = present(vars.TURNSTILE_SITE_KEY);
  const secretKey = present(vars.TURNSTILE_SECRET_KEY);
  const webhookUrl = present(vars.NOTIFY_WEBHOOK_URL);
  return {
    moderation: moderation as ModerationMode,
    floodIntervalMs: seconds("COMMENT_FLOOD_SECONDS", vars.COMMENT_FLOOD_SECONDS, 15, 0) * 1000,
    burstPeriodSeconds: seconds("COMMENT_BURST_PERIOD_SECONDS", vars.COMMENT_BURST_PERIOD_SECONDS, 60, 1),
    turnstile: siteKey && secretKey ? { siteKey, secretKey } : null,
    notify: webhookUrl ? { webhookUrl, includeEmail: vars.NOTIFY_INCLUDE_EMAIL === "true" } : null,
    keys: { emailKey: vars.EMAIL_KEY, hashKey: vars.HASH_KEY },
  };
}

// Bindings are fixed for an isolate's life: parse each set once, not per request.
const parsed = new WeakMap<object, Settings>();

/** `parseSettings`, remembered per bindings object. */
export const settingsOf = (vars: SettingVars): Settings => remembered(parsed, vars, () => parseSettings(vars));
