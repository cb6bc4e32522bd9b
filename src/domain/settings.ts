import { type ModerationMode, moderationModes } from "./comments/moderation.ts";
import { remembered } from "./remembered.ts";
import { normalizeOrigin } from "./thread-ids.ts";

/** The site's behaviour, parsed once from its vars and secrets: what services are given instead of the raw bindings. */
export interface Settings {
  /** Which new comments wait for a moderator, until the owner sets it at runtime (the discussion settings' default). */
  moderation: ModerationMode;
  /** At most one comment per this many ms per commenter or client; 0 turns the interval off. */
  floodIntervalMs: number;
  /** `Retry-After` for the edge burst limit: its period. */
  burstPeriodSeconds: number;
  /** Cloudflare Turnstile on the comment form, when both keys are set. */
  turnstile: { siteKey: string; secretKey: string } | null;
  /** The owner's webhook (comments held, approved, deleted; articles published), signed with `secret` when one is set. */
  notify: { webhookUrl: string; includeEmail: boolean; secret: string | undefined } | null;
  /** Emails from the Worker, when a sender is set; `readers`: readers may subscribe; `digestMs`: one email per reader per article per this long. */
  email: { from: string; readers: boolean; digestMs: number } | null;
  /** The owner's notification choices as the vars set them: the discussion settings' defaults (read through `ownerNotificationSettings`). */
  ownerNotifications: OwnerNotificationSettings;
  /** A failed email or webhook call waits this long before its first retry (doubling after). */
  retrySeconds: number;
  /** The sites whose pages may embed comments (`EMBED_ORIGINS`): the `allowedOrigins` setting's default. */
  embedOrigins: string[];
  /** Whether pages may offer Cloudflare Images resizings (`/cdn-cgi/image/…`), which need a zone with transformations on. */
  imageTransformations: boolean;
  /** WebSub: an external hub to advertise and ping (null: wirepost is its own hub), and whether its callbacks may be private addresses. */
  websub: { externalHub: string | null; allowPrivateCallbacks: boolean };
  /** The secrets emails and addresses are encrypted and hashed with (checked where used). */
  keys: Keys;
}

/** WordPress's "Email me whenever anyone posts a comment / a comment is held for moderation", and to whom. */
export interface OwnerNotificationSettings {
  notifyOnComment: boolean;
  notifyOnHeld: boolean;
  notifyEmails: string[];
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
  WEBHOOK_SECRET?: string | undefined;
  EMAIL_FROM?: string | undefined;
  EMAIL_READERS?: string | undefined;
  NOTIFY_EMAILS?: string | undefined;
  NOTIFY_ON_COMMENT?: string | undefined;
  NOTIFY_ON_HELD?: string | undefined;
  NOTIFY_DIGEST_MINUTES?: string | undefined;
  NOTIFY_RETRY_SECONDS?: string | undefined;
  IMAGE_TRANSFORMATIONS?: string | undefined;
  EMBED_ORIGINS?: string | undefined;
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

function whole(name: string, value: string | undefined, fallback: number, minimum: number, unit = "seconds", maximum = Number.MAX_SAFE_INTEGER): number {
  if (present(value) === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < minimum || parsed > maximum) {
    throw new SettingsError(`${name} must be a whole number of ${unit}, from ${minimum}${maximum < Number.MAX_SAFE_INTEGER ? ` to ${maximum}` : " up"}.`);
  }
  return parsed;
}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  const set = present(value);
  if (set === undefined) return fallback;
  if (set !== "true" && set !== "false") throw new SettingsError(`${name} must be true or false.`);
  return set === "true";
}

/** An address as wirepost sends to it, in vars and settings alike: a plain one, as a display name, a list separator or a line break would reach a mail header. */
export const PLAIN_ADDRESS = /^[^\s@<>",;:()[\]\\]+@[A-Za-z0-9.-]+$/;

function addresses(name: string, value: string | undefined): string[] {
  const list = (present(value) ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = list.find((entry) => !PLAIN_ADDRESS.test(entry));
  if (bad !== undefined) throw new SettingsError(`${name} must be plain email addresses (name@example.com), separated by commas.`);
  return list;
}

/** Origins, comma-separated: each `https://host[:port]`, nothing after it. */
function origins(name: string, value: string | undefined): string[] {
  const list = (present(value) ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const normalized = list.map(normalizeOrigin);
  if (normalized.includes(undefined)) throw new SettingsError(`${name} must be origins such as https://blog.example.com, separated by commas.`);
  return [...new Set(normalized as string[])];
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
  const transformations = present(vars.IMAGE_TRANSFORMATIONS) ?? "off";
  if (transformations !== "on" && transformations !== "off") throw new SettingsError('IMAGE_TRANSFORMATIONS must be "on" or empty.');
  const [from, ...more] = addresses("EMAIL_FROM", vars.EMAIL_FROM);
  if (more.length > 0) throw new SettingsError("EMAIL_FROM must be one address.");
  const externalHub = present(vars.WEBSUB_HUB_URL) ?? null;
  if (externalHub !== null && !/^https?:\/\/[^/?#]+/i.test(externalHub)) throw new SettingsError("WEBSUB_HUB_URL must be an absolute http(s) URL, or empty.");
  return {
    moderation: moderation as ModerationMode,
    floodIntervalMs: whole("COMMENT_FLOOD_SECONDS", vars.COMMENT_FLOOD_SECONDS, 15, 0) * 1000,
    burstPeriodSeconds: whole("COMMENT_BURST_PERIOD_SECONDS", vars.COMMENT_BURST_PERIOD_SECONDS, 60, 1),
    turnstile: siteKey && secretKey ? { siteKey, secretKey } : null,
    notify: webhookUrl ? { webhookUrl, includeEmail: vars.NOTIFY_INCLUDE_EMAIL === "true", secret: present(vars.WEBHOOK_SECRET) } : null,
    email: from
      ? {
          from,
          readers: flag("EMAIL_READERS", vars.EMAIL_READERS, false),
          // Queue delays stop at 12 hours.
          digestMs: whole("NOTIFY_DIGEST_MINUTES", vars.NOTIFY_DIGEST_MINUTES, 15, 0, "minutes", 720) * 60_000,
        }
      : null,
    ownerNotifications: {
      notifyOnComment: flag("NOTIFY_ON_COMMENT", vars.NOTIFY_ON_COMMENT, false),
      notifyOnHeld: flag("NOTIFY_ON_HELD", vars.NOTIFY_ON_HELD, true),
      notifyEmails: addresses("NOTIFY_EMAILS", vars.NOTIFY_EMAILS),
    },
    retrySeconds: whole("NOTIFY_RETRY_SECONDS", vars.NOTIFY_RETRY_SECONDS, 60, 0, "seconds", 3600),
    embedOrigins: origins("EMBED_ORIGINS", vars.EMBED_ORIGINS),
    imageTransformations: transformations === "on",
    websub: { externalHub, allowPrivateCallbacks: flag("WEBSUB_ALLOW_PRIVATE_CALLBACKS", vars.WEBSUB_ALLOW_PRIVATE_CALLBACKS, false) },
    keys: { emailKey: vars.EMAIL_KEY, hashKey: vars.HASH_KEY },
  };
}

// Bindings are fixed for an isolate's life: parse each set once, not per request.
const parsed = new WeakMap<object, Settings>();

/** `parseSettings`, remembered per bindings object. */
export const settingsOf = (vars: SettingVars): Settings => remembered(parsed, vars, () => parseSettings(vars));
