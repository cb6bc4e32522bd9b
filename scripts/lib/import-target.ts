import type { Keys } from "../../src/domain/settings.ts";
import { secret } from "./dev-vars.ts";
import { prepareLocalSite } from "./local-site.ts";
import type { Target } from "./wrangler.ts";

/**
 * The database an import writes to (`--remote`: the deployed one). A local
 * one is first readied as `npm start` readies it, so importing works on a
 * fresh clone; `command` prefixes the messages, on stderr to keep stdout for
 * the report.
 */
export function importTarget(command: string, args: string[]): Target {
  if (args.includes("--remote")) return "--remote";
  prepareLocalSite((line) => console.error(`${command}: ${line}`));
  return "--local";
}

/**
 * The keys imported emails are encrypted and hashed with; exits with the fix
 * when one is missing. A remote import takes only the deployed site's keys
 * from the environment, never the local ones (see `secret`).
 */
export function importKeys(command: string, target: Target): Keys {
  const remote = target === "--remote";
  const keys = { emailKey: secret("EMAIL_KEY", { remote }), hashKey: secret("HASH_KEY", { remote }) };
  if (!keys.emailKey || !keys.hashKey) {
    console.error(
      `${command}: ${remote ? "--remote needs the deployed site's EMAIL_KEY and HASH_KEY in the environment" : "set EMAIL_KEY and HASH_KEY in .dev.vars or the environment"}`,
    );
    process.exit(2);
  }
  return keys;
}
