import { spawnSync } from "node:child_process";
import { type LocalOptions, persistArgs, type Target } from "./wrangler.ts";

/** Runs one read query through `wrangler d1 execute --json`, returning its rows. */
export function queryD1<T>(sql: string, target: Target, local: LocalOptions = {}): T[] {
  const result = spawnSync("wrangler", ["d1", "execute", "DB", target, "--json", `--command=${sql}`, ...(target === "--local" ? persistArgs(local) : [])], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`wrangler d1 execute failed: ${result.stderr || result.stdout}`);
  const parsed = JSON.parse(result.stdout) as { results: T[] }[];
  return parsed.flatMap((entry) => entry.results);
}
