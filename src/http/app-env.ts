import type { Database } from "../db/client.ts";
import type { Site } from "../domain/site.ts";

/** What every handler sees: the Worker's bindings and per-request values set by middleware. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Database;
    site: Site;
  };
}
