import { describe, expect, it } from "vitest";
import { type DeployConfig, deployProblems, PLACEHOLDER_DATABASE_ID, type WorkerToDeploy } from "../../scripts/lib/deploy-checks.ts";

const READER_SECRETS = ["EMAIL_KEY", "HASH_KEY"];
const ADMIN_SECRETS = ["ADMIN_TOKEN", "EMAIL_KEY", "HASH_KEY"];
const DATABASE_ID = "6f1c2b4e-9d3a-4c1e-8b7a-2e5d9c0f4a13";

/** What both configurations share, made ready to deploy; `changes` undo a step of the README. */
function shared(changes: { databaseId?: string; siteUrl?: string } = {}) {
  return {
    d1_databases: [{ binding: "DB", database_id: changes.databaseId ?? DATABASE_ID }],
    r2_buckets: [{ binding: "MEDIA", bucket_name: "wirepost-media" }],
    queues: { producers: [{ binding: "NOTIFICATIONS", queue: "wirepost-notifications" }] },
    vars: { SITE_TITLE: "Wirepost", SITE_URL: changes.siteUrl ?? "https://news.example.com" },
  };
}

/** wrangler.toml as wrangler reads it, and the reader's secrets (null: they couldn't be listed). */
function reader(changes: Partial<DeployConfig> = {}, secretNames: string[] | null = READER_SECRETS): WorkerToDeploy {
  const config = {
    name: "wirepost",
    services: [{ binding: "ADMIN", service: "wirepost-admin" }],
    secrets: { required: READER_SECRETS },
    ...shared(),
    ...changes,
  };
  return { file: "wrangler.toml", config, secretNames: secretNames ?? undefined };
}

/** admin/wrangler.toml as wrangler reads it, and the admin Worker's secrets (null: they couldn't be listed). */
function admin(changes: Partial<DeployConfig> = {}, secretNames: string[] | null = ADMIN_SECRETS): WorkerToDeploy {
  const config = { name: "wirepost-admin", workers_dev: false, preview_urls: false, secrets: { required: ADMIN_SECRETS }, ...shared(), ...changes };
  return { file: "admin/wrangler.toml", config, secretNames: secretNames ?? undefined };
}

describe("deployProblems", () => {
  it("finds nothing to fix in a configured site with both Workers' secrets set", () => {
    expect(deployProblems(reader({}, [...READER_SECRETS, "TURNSTILE_SECRET_KEY"]), admin())).toEqual([]);
  });

  it("stops on the placeholder database_id in either file, saying how to get the real one", () => {
    const { d1_databases } = shared({ databaseId: PLACEHOLDER_DATABASE_ID });
    expect(deployProblems(reader({ d1_databases }), admin({ d1_databases }))).toEqual([
      "wrangler.toml: database_id of the D1 database DB is still the placeholder: run `npx wrangler d1 create wirepost` and paste the database_id it prints",
      "admin/wrangler.toml: database_id of the D1 database DB is still the placeholder: run `npx wrangler d1 create wirepost` and paste the database_id it prints",
    ]);
  });

  it("stops on an empty or relative SITE_URL", () => {
    const both = (siteUrl: string) => deployProblems(reader({ vars: shared({ siteUrl }).vars }), admin({ vars: shared({ siteUrl }).vars }));
    expect(both(" ")).toEqual(['wrangler.toml: SITE_URL is empty: set it to the site\'s address, e.g. "https://news.example.com"']);
    expect(both("news.example.com")).toEqual(['wrangler.toml: SITE_URL "news.example.com" is not an absolute http(s) URL, e.g. "https://news.example.com"']);
  });

  it("stops when readers would be emailed from a site that isn't https (Cloudflare refuses their unsubscribe links)", () => {
    const readers = (siteUrl: string, EMAIL_READERS = "true") => {
      const vars = { SITE_URL: siteUrl, EMAIL_FROM: "comments@news.example.com", EMAIL_READERS };
      return deployProblems(reader({ vars }), admin({ vars }));
    };
    expect(readers("http://news.example.com")).toEqual([
      'wrangler.toml: EMAIL_READERS is true but SITE_URL "http://news.example.com" is not https: readers\' unsubscribe links must be https',
    ]);
    expect(readers("https://news.example.com")).toEqual([]);
    expect(readers("http://news.example.com", "false")).toEqual([]);
  });

  it("names each required secret a Worker lacks, with the command that sets it on that Worker", () => {
    expect(deployProblems(reader({}, ["EMAIL_KEY"]), admin({}, ["EMAIL_KEY", "HASH_KEY"]))).toEqual([
      "secret HASH_KEY of wirepost is not set: `npx wrangler secret put HASH_KEY` (README, Deploying)",
      "secret ADMIN_TOKEN of wirepost-admin is not set: `npx wrangler secret put ADMIN_TOKEN -c admin/wrangler.toml` (README, Deploying)",
    ]);
  });

  it("stops when a Worker's secrets couldn't be listed, rather than deploy unchecked", () => {
    expect(deployProblems(reader(), admin({}, null))).toEqual([
      expect.stringMatching(/^the secrets of wirepost-admin could not be listed.*`npx wrangler secret put NAME -c admin\/wrangler.toml`$/),
    ]);
  });

  it("stops when the two Workers disagree on a var, the database, the bucket or the queue they share", () => {
    expect(
      deployProblems(
        reader(),
        admin({
          vars: { ...shared().vars, SITE_TITLE: "Other", COMMENT_MODERATION: "all" },
          d1_databases: [{ binding: "DB", database_id: "0d5e7a3c-1b2f-4e6a-9c8d-7f0a1b2c3d4e" }],
          r2_buckets: [{ binding: "MEDIA", bucket_name: "other-media" }],
          queues: { producers: [{ binding: "NOTIFICATIONS", queue: "other-notifications" }] },
        }),
      ),
    ).toEqual([
      'admin/wrangler.toml: var SITE_TITLE is "Other" but "Wirepost" in wrangler.toml: the two Workers must have the same vars',
      'admin/wrangler.toml: var COMMENT_MODERATION is "all" but undefined in wrangler.toml: the two Workers must have the same vars',
      "admin/wrangler.toml: the D1 database DB is 0d5e7a3c-1b2f-4e6a-9c8d-7f0a1b2c3d4e but 6f1c2b4e-9d3a-4c1e-8b7a-2e5d9c0f4a13 in wrangler.toml: both Workers must use the same one",
      "admin/wrangler.toml: the R2 bucket MEDIA is other-media but wirepost-media in wrangler.toml: both Workers must use the same one",
      "admin/wrangler.toml: the queue NOTIFICATIONS is other-notifications but wirepost-notifications in wrangler.toml: both Workers must use the same one",
    ]);
  });

  it("stops when only one Worker has the bucket (a site runs without uploads by removing it from both)", () => {
    expect(deployProblems(reader({ r2_buckets: [] }), admin())).toEqual([
      "wrangler.toml has no R2 bucket MEDIA, which admin/wrangler.toml has: bind it in both Workers or neither",
    ]);
    expect(deployProblems(reader({ r2_buckets: [] }), admin({ r2_buckets: [] }))).toEqual([]);
  });

  it("lets one Worker send to a queue of its own", () => {
    const queues = { producers: [...shared().queues.producers, { binding: "OWN", queue: "wirepost-own" }] };
    expect(deployProblems(reader({ queues }), admin())).toEqual([]);
  });

  it("stops when the reader's ADMIN binding names another Worker, or the admin Worker has a public address", () => {
    expect(deployProblems(reader({ services: [{ binding: "ADMIN", service: "wirepost-owner" }] }), admin({ workers_dev: true }))).toEqual([
      "wrangler.toml: the ADMIN service binding names wirepost-owner, but the admin Worker (admin/wrangler.toml) is wirepost-admin",
      "admin/wrangler.toml: workers_dev must be false: the admin Worker is reached only through the reader (its purges reach the cache only that way)",
    ]);
    // Left out, preview_urls keeps what the account had; a route or custom domain is an address too.
    expect(deployProblems(reader(), admin({ preview_urls: undefined, routes: [{ pattern: "admin.example.com", custom_domain: true }] }))).toEqual([
      "admin/wrangler.toml: preview_urls must be false: the admin Worker is reached only through the reader (its purges reach the cache only that way)",
      "admin/wrangler.toml: no routes or custom domains: the admin Worker is reached only through the reader (its purges reach the cache only that way)",
    ]);
  });

  it("says to delete the ADMIN_TOKEN a reader kept from before the split: the public Worker needs no owner's secret", () => {
    expect(deployProblems(reader({}, [...READER_SECRETS, "ADMIN_TOKEN"]), admin())).toEqual([
      "secret ADMIN_TOKEN is still set on wirepost (from before the split): only the admin Worker needs it: `npx wrangler secret delete ADMIN_TOKEN`",
    ]);
  });

  it("stops when only one Worker has the webhook: the admin Worker would queue none of the owner's events, or queue them for nobody", () => {
    const webhook = (secrets: string[]) => [...secrets, "NOTIFY_WEBHOOK_URL", "WEBHOOK_SECRET"];
    expect(deployProblems(reader({}, webhook(READER_SECRETS)), admin())).toEqual([
      "secret NOTIFY_WEBHOOK_URL is set on wirepost but not on wirepost-admin: set it on both (`npx wrangler secret put NOTIFY_WEBHOOK_URL -c admin/wrangler.toml`) or neither",
    ]);
    expect(deployProblems(reader(), admin({}, webhook(ADMIN_SECRETS)))).toEqual([
      "secret NOTIFY_WEBHOOK_URL is set on wirepost-admin but not on wirepost: set it on both (`npx wrangler secret put NOTIFY_WEBHOOK_URL`) or neither",
    ]);
    expect(deployProblems(reader({}, webhook(READER_SECRETS)), admin({}, webhook(ADMIN_SECRETS)))).toEqual([]);
  });

  it("lets a site run without its admin Worker: no ADMIN binding is no problem", () => {
    expect(deployProblems(reader({ services: [] }), admin())).toEqual([]);
  });

  it("reports every problem at once, so one round of fixes is enough", () => {
    const { d1_databases, vars } = shared({ databaseId: PLACEHOLDER_DATABASE_ID, siteUrl: "" });
    expect(deployProblems(reader({ d1_databases, vars }, []), admin({ d1_databases, vars }, []))).toHaveLength(8);
  });
});
