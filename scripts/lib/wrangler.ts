import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Target = "--local" | "--remote";

/** Where a local D1 lives: wrangler's default (.wrangler/state) or a folder of its own. */
export interface LocalOptions {
  persistTo?: string | undefined;
}

export const persistArgs = ({ persistTo }: LocalOptions = {}) => (persistTo ? [`--persist-to=${persistTo}`] : []);

/**
 * Runs this project's wrangler. Quiet runs show wrangler's output only when it
 * fails, and return its stdout; either way a failure throws.
 */
export function wrangler(args: string[], { quiet = false } = {}): string {
  const result = spawnSync("wrangler", args, { stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout}${result.stderr}`);
    throw new Error(`wrangler ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
  return result.stdout ?? "";
}

/** Executes SQL statements against D1 in one `wrangler d1 execute --file` call. */
export function executeSql(statements: string[], target: Target, local: LocalOptions = {}): void {
  const dir = mkdtempSync(join(tmpdir(), "wirepost-"));
  try {
    const file = join(dir, "statements.sql");
    writeFileSync(file, statements.join("\n") + "\n");
    wrangler(["d1", "execute", "DB", target, "--yes", `--file=${file}`, ...(target === "--local" ? persistArgs(local) : [])], { quiet: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
