import { resolve } from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = resolve(import.meta.dirname, "..");

// Tests run inside workerd with the project's wrangler.toml: real local D1 with
// the real migrations applied, real bindings, the Worker called over fetch.
export default defineConfig({
  root,
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // A WebSub subscriber of its own, reached through the WEBSUB_SUBSCRIBER binding (see tests/wire/websub-push.test.ts).
        workers: [{ name: "websub-subscriber", modules: true, scriptPath: "tests/fixtures/websub-subscriber.js", compatibilityDate: "2026-11-01" }],
        serviceBindings: { WEBSUB_SUBSCRIBER: "websub-subscriber" },
        // Deliver queued WebSub jobs at once rather than after wrangler.toml's 5 s batch window.
        queueConsumers: { "wirepost-websub": { maxBatchTimeout: 0.05 } },
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(`${root}/migrations`),
          // Test-only secrets, standing in for .dev.vars (absent on a clean clone).
          ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
          EMAIL_KEY: "1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
          HASH_KEY: "dGVzdC1oYXNoLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE",
          // Tests post many comments per commenter; the flood tests set 15 s themselves.
          COMMENT_FLOOD_SECONDS: "0",
        },
      },
    })),
  ],
  test: {
    include: ["tests/**/*.test.{ts,tsx}"],
    exclude: ["tests/browser/**"],
    setupFiles: ["tests/apply-migrations.ts"],
  },
});
