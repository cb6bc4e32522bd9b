import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildWorker } from "../scripts/lib/worker-bundles.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The admin Worker's bundle, as `wrangler deploy` would upload it. */
    adminBundle: string;
  }
}

let folder: string | undefined;

/**
 * Builds the admin Worker once per run, before any test file starts, for
 * tests/vitest.config.ts to run beside the Worker under test. Inside the
 * project: workerd resolves module paths under its working directory.
 * (Watch mode doesn't rebuild it.)
 */
export function setup(project: TestProject) {
  mkdirSync(".wrangler", { recursive: true });
  folder = mkdtempSync(join(".wrangler", "test-admin-"));
  project.provide("adminBundle", buildWorker("admin", folder).bundlePath);
}

export function teardown() {
  if (folder) rmSync(folder, { recursive: true, force: true });
}
