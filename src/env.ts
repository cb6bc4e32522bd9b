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
  /** Where each comment held for moderation is POSTed as JSON. */
  NOTIFY_WEBHOOK_URL?: string;
  /** "true" to include the commenter's email in that notification. */
  NOTIFY_INCLUDE_EMAIL?: string;
}

/** The Worker's bindings: `wrangler.toml` (generated `Env`) plus the optional secrets. */
export type Bindings = Env & OptionalSecrets;

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
