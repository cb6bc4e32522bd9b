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
      // Workers AI has no local simulator: with an [ai] binding added to
      // wrangler.toml, the default (remote bindings) would ask for a
      // Cloudflare token. Tests give the Worker a fake binding instead.
      remoteBindings: false,
      miniflare: {
        // A WebSub subscriber of its own, reached through the WEBSUB_SUBSCRIBER binding (see tests/wire/websub-push.test.ts).
        workers: [{ name: "websub-subscriber", modules: true, scriptPath: "tests/fixtures/websub-subscriber.js", compatibilityDate: "2026-11-01" }],
        serviceBindings: { WEBSUB_SUBSCRIBER: "websub-subscriber" },
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(`${root}/migrations`),
          // Test-only secrets, standing in for .dev.vars (absent on a clean clone).
          ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
          EMAIL_KEY: "1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
          HASH_KEY: "dGVzdC1oYXNoLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE",
          // Tests post many comments per commenter; the flood tests set 15 s themselves.
          COMMENT_FLOOD_SECONDS: "0",
          // Emails on, as a site that set them up (the binding is spied on, or writes to a temporary folder).
          EMAIL_FROM: "comments@wirepost.test",
          EMAIL_READERS: "true",
          NOTIFY_RETRY_SECONDS: "0",
          // Every comment at once (the digest tests set a window themselves).
          NOTIFY_DIGEST_MINUTES: "0",
          // Two sites whose pages embed comments (the embed API's tests).
          EMBED_ORIGINS: "https://blog.example.com,https://news.example.org:8443",
        },
        // The queues of wrangler.toml, with everything the same but no waiting: a
        // consumer's options replace wrangler.toml's as a whole, so all are given.
        queueConsumers: {
          "wirepost-notifications": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 6, deadLetterQueue: "wirepost-notifications-dlq", retryDelay: 0 },
          "wirepost-notifications-dlq": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 3, retryDelay: 0 },
          // WebSub's consumer sets each retry's delay itself.
          "wirepost-websub": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 5, deadLetterQueue: "wirepost-websub-dlq", retryDelay: 60 },
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
