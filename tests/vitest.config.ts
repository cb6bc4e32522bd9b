import { resolve } from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { WORKERS } from "../scripts/lib/worker-bundles.ts";

const root = resolve(import.meta.dirname, "..");

type PoolOptions = Exclude<Parameters<typeof cloudflareTest>[0], (...args: never[]) => unknown>;
type AuxiliaryWorker = NonNullable<NonNullable<PoolOptions["miniflare"]>["workers"]>[number];

/**
 * The admin Worker as it is deployed, to run beside the Worker under test
 * (the reader), which reaches it through its ADMIN service binding: the
 * bundle tests/admin-build.ts built for this run, its bindings as wrangler
 * reads admin/wrangler.toml (the plugin reads only the Worker under test's
 * file), and `vars`; its secrets are those, never looked for in .dev.vars or
 * the environment.
 */
async function adminWorker(scriptPath: string, vars: Record<string, string>): Promise<AuxiliaryWorker> {
  // Imported here, when the tests start: loading wrangler is for them alone (not for tools that read this file).
  const { unstable_getMiniflareWorkerOptions, unstable_readConfig } = await import("wrangler");
  const config = { ...unstable_readConfig({ config: WORKERS.admin.config }), secrets: undefined };
  const { compatibilityDate, compatibilityFlags, bindings, d1Databases, r2Buckets, queueProducers, ratelimits } =
    unstable_getMiniflareWorkerOptions(config).workerOptions;
  return {
    name: WORKERS.admin.name,
    modules: true,
    scriptPath,
    compatibilityDate,
    compatibilityFlags,
    bindings: { ...(bindings as Record<string, unknown>), ...vars },
    d1Databases,
    r2Buckets,
    queueProducers,
    ratelimits,
  } as AuxiliaryWorker;
}

/** Both Workers' vars and secrets for the tests, standing in for .dev.vars (absent on a clean clone). */
const TEST_VARS = {
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
};

// Tests run inside workerd with the project's wrangler.toml: real local D1 with
// the real migrations applied, real bindings, the Worker called over fetch.
export default defineConfig({
  root,
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      wrangler: { configPath: "./wrangler.toml" },
      // Workers AI has no local simulator: with an [ai] binding added to
      // wrangler.toml, the default (remote bindings) would ask for a
      // Cloudflare token. Tests give the Worker a fake binding instead.
      remoteBindings: false,
      miniflare: {
        // The reader's (ADMIN_TOKEN too, which only the admin Worker has: tests call the admin side with it).
        bindings: { TEST_MIGRATIONS: await readD1Migrations(`${root}/migrations`), ...TEST_VARS },
        // A WebSub subscriber of its own, reached through the WEBSUB_SUBSCRIBER binding (see tests/wire/websub-push.test.ts).
        serviceBindings: { WEBSUB_SUBSCRIBER: "websub-subscriber" },
        // The queues of wrangler.toml, with everything the same but no waiting: a
        // consumer's options replace wrangler.toml's as a whole, so all are given.
        queueConsumers: {
          "wirepost-notifications": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 6, deadLetterQueue: "wirepost-notifications-dlq", retryDelay: 0 },
          "wirepost-notifications-dlq": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 3, retryDelay: 0 },
          // WebSub's consumer sets each retry's delay itself.
          "wirepost-websub": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 5, deadLetterQueue: "wirepost-websub-dlq", retryDelay: 60 },
        },
        workers: [
          // The same D1, R2 bucket and queues as the reader's: one local store, as in `wrangler dev`.
          await adminWorker(inject("adminBundle"), TEST_VARS),
          { name: "websub-subscriber", modules: true, scriptPath: "tests/fixtures/websub-subscriber.js", compatibilityDate: "2026-11-01" },
        ],
      },
    })),
  ],
  test: {
    include: ["tests/**/*.test.{ts,tsx}"],
    exclude: ["tests/browser/**"],
    globalSetup: ["tests/admin-build.ts"],
    setupFiles: ["tests/apply-migrations.ts"],
  },
});
