import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// Real headless Chromium against the real site (wrangler dev, local D1).
// Needs Debian's chromium: `apt-get install chromium` (.ci/run does it).
export default defineConfig({
  root: resolve(import.meta.dirname, "../.."),
  test: {
    include: ["tests/browser/**/*.test.ts"],
    globalSetup: ["tests/browser/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
