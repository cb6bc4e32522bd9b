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
  /** Global purges through Cloudflare's API, when a zone and a token are set. */
  globalPurge: { zoneId: string; token: string } | null;
  /** WebSub: an external hub to advertise and ping (null: wirepost is its own hub), and whether its callbacks may be private addresses. */
  websub: { externalHub: string | null; allowPrivateCallbacks: boolean };
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
  CF_ZONE_ID?: string | undefined;
  CF_PURGE_TOKEN?: string | undefined;
  WEBSUB_HUB_URL?: string | undefined;
  WEBSUB_ALLOW_PRIVATE_CALLBACKS?: string | undefined;
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

/**
 * `EMAIL_KEY`'s shape, checked when the site starts rather than at the first
 * email: each entry `<version>:<key>`, and no version twice (a keyring with
 * two keys under one version encrypts with one and decrypts with the other).
 */
function checkEmailKey(secret: string | undefined): void {
  if (!secret) return; // reported where an email is first needed, as before
  const versions = secret.split(",").map((entry) => entry.trim().split(":")[0] ?? "");
  if (versions.some((version) => !/^[A-Za-z0-9]+$/.test(version))) throw new SettingsError("EMAIL_KEY must be <version>:<base64url of 32 bytes>[,…].");
  const repeated = versions.find((version, i) => versions.indexOf(version) !== i);
  if (repeated !== undefined) throw new SettingsError(`EMAIL_KEY lists key version ${repeated} twice; give each key its own version.`);
}

/** WordPress's defaults where a var is empty; a clear error where one is set to something unusable. */
export function parseSettings(vars: SettingVars): Settings {
  checkEmailKey(vars.EMAIL_KEY);
  const moderation = present(vars.COMMENT_MODERATION) ?? "first-time";
  if (!(moderationModes as readonly string[]).includes(moderation)) {
    throw new SettingsError(`COMMENT_MODERATION must be one of ${moderationModes.join(", ")}.`);
  }
  const siteKey = present(vars.TURNSTILE_SITE_KEY);
  const secretKey = present(vars.TURNSTILE_SECRET_KEY);
  const webhookUrl = present(vars.NOTIFY_WEBHOOK_URL);
  const zoneId = present(vars.CF_ZONE_ID);
  const purgeToken = present(vars.CF_PURGE_TOKEN);
  const externalHub = present(vars.WEBSUB_HUB_URL) ?? null;
  if (externalHub !== null && !/^https?:\/\/[^/?#]+/i.test(externalHub)) throw new SettingsError("WEBSUB_HUB_URL must be an absolute http(s) URL, or empty.");
  return {
    moderation: moderation as ModerationMode,
    floodIntervalMs: seconds("COMMENT_FLOOD_SECONDS", vars.COMMENT_FLOOD_SECONDS, 15, 0) * 1000,
    burstPeriodSeconds: seconds("COMMENT_BURST_PERIOD_SECONDS", vars.COMMENT_BURST_PERIOD_SECONDS, 60, 1),
    turnstile: siteKey && secretKey ? { siteKey, secretKey } : null,
    notify: webhookUrl ? { webhookUrl, includeEmail: vars.NOTIFY_INCLUDE_EMAIL === "true" } : null,
    globalPurge: zoneId && purgeToken ? { zoneId, token: purgeToken } : null,
    websub: { externalHub, allowPrivateCallbacks: vars.WEBSUB_ALLOW_PRIVATE_CALLBACKS === "true" },
    keys: { emailKey: vars.EMAIL_KEY, hashKey: vars.HASH_KEY },
  };
}

// Bindings are fixed for an isolate's life: parse each set once, not per request.
const parsed = new WeakMap<object, Settings>();

/** `parseSettings`, remembered per bindings object. */
export const settingsOf = (vars: SettingVars): Settings => remembered(parsed, vars, () => parseSettings(vars));
