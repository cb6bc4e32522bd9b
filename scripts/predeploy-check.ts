// `npm run deploy` runs this first (predeploy), before anything changes
// remotely: it stops with what to fix rather than deploy a site that can't
// work (no database, no SITE_URL, secrets a Worker needs missing, or two
// Workers that disagree on what they share).
import { unstable_readConfig } from "wrangler";
import { deployProblems, type WorkerToDeploy } from "./lib/deploy-checks.ts";
import { WORKERS, type WorkerKind } from "./lib/worker-bundles.ts";
import { wrangler } from "./lib/wrangler.ts";

/** A deployed Worker's secret names, or undefined when wrangler can't list them (its error is shown). */
function secretNames(config: string): string[] | undefined {
  let listed: string;
  try {
    listed = wrangler(["secret", "list", "--format", "json", `--config=${config}`], { quiet: true });
  } catch {
    return undefined;
  }
  return (JSON.parse(listed) as { name: string }[]).map((secret) => secret.name);
}

// wrangler's own reading of each configuration: what the deploy will use.
const worker = (kind: WorkerKind): WorkerToDeploy => {
  const file = WORKERS[kind].config;
  return { file, config: unstable_readConfig({ config: file }), secretNames: secretNames(file) };
};

const problems = deployProblems(worker("reader"), worker("admin"));
if (problems.length > 0) {
  console.error(`predeploy: not deploying until these are fixed:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  process.exit(1);
}
console.log("predeploy: both Workers' configurations and secrets are ready");
