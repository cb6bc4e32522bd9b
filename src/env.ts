import type { Database } from "./db/client.ts";
import type { Settings } from "./domain/settings.ts";
import type { Site } from "./domain/site.ts";
import type { Effects } from "./services/effects.ts";

/**
 * Optional secrets: absent unless the owner sets them, so not in the generated
 * `Env` (whose `[secrets] required` list is for secrets every site needs).
 */
interface OptionalSecrets {
  TURNSTILE_SECRET_KEY?: string;
  /** Where comment and article events are POSTed as JSON. */
  NOTIFY_WEBHOOK_URL?: string;
  /** "true" to include the commenter's email in those events. */
  NOTIFY_INCLUDE_EMAIL?: string;
  /** Signs each webhook call (`X-Wirepost-Signature`). */
  WEBHOOK_SECRET?: string;
}

/**
 * Optional bindings the owner adds to `wrangler.toml` themselves (not in the
 * default one, so `wrangler dev` and the tests run offline without them).
 */
interface OptionalBindings {
  /** Workers AI (`[ai] binding = "AI"`): spam and abuse scoring of new comments (README). */
  AI?: Ai;
}

/**
 * The Worker's bindings: `wrangler.toml` (generated `Env`) plus the optional
 * secrets and bindings. The R2 bucket is optional too: a site without one has no uploads.
 */
export type Bindings = Omit<Env, "MEDIA"> & { MEDIA?: R2Bucket } & OptionalSecrets & OptionalBindings;

/** What every handler sees: the bindings and the per-request values middleware sets. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    db: Database;
    site: Site;
    settings: Settings;
    effects: Effects;
  };
}
