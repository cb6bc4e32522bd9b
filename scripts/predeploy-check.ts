// `npm run deploy` runs this first (predeploy), before anything changes
// remotely: it stops with what to fix rather than deploy a site that can't
// work (no database, no SITE_URL, or secrets the Worker needs missing).
import { unstable_readConfig } from "wrangler";
import { deployProblems } from "./lib/deploy-checks.ts";
import { wrangler } from "./lib/wrangler.ts";

/** The deployed Worker's secret names, or undefined when wrangler can't list them (its error is shown). */
function secretNames(): string[] | undefined {
  let listed: string;
  try {
    listed = wrangler(["secret", "list", "--format", "json"], { quiet: true });
  } catch {
    return undefined;
  }
  return (JSON.parse(listed) as { name: string }[]).map((secret) => secret.name);
}

// wrangler's own reading of wrangler.toml: the configuration the deploy will use.
const problems = deployProblems(unstable_readConfig({ config: "wrangler.toml" }), secretNames());
if (problems.length > 0) {
  console.error(`predeploy: not deploying until these are fixed:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  process.exit(1);
}
console.log("predeploy: wrangler.toml and the Worker's secrets are ready");
