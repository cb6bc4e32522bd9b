import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { wrangler } from "./wrangler.ts";

/**
 * The site's two Workers, built from one codebase: the reader (everything the
 * public reaches) and the admin Worker (the owner's side, behind the reader's
 * ADMIN service binding). `script`: the bundle's file name in the build folder.
 */
export const WORKERS = {
  reader: { config: "wrangler.toml", name: "wirepost", script: "index.js" },
  admin: { config: "admin/wrangler.toml", name: "wirepost-admin", script: "admin-worker.js" },
} as const;

export type WorkerKind = keyof typeof WORKERS;

/** A Worker as `wrangler deploy` would upload it, built into `outdir`: its bundle and that bundle's size gzipped (-9). */
export function buildWorker(kind: WorkerKind, outdir: string): { bundlePath: string; gzipBytes: number } {
  const { config, script } = WORKERS[kind];
  // Absolute: wrangler would take a relative one from the configuration's folder.
  const folder = resolve(outdir);
  wrangler(["deploy", "--dry-run", `--config=${config}`, `--outdir=${folder}`], { quiet: true });
  const bundlePath = join(folder, script);
  return { bundlePath, gzipBytes: gzipSync(readFileSync(bundlePath), { level: 9 }).length };
}
