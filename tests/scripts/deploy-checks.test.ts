import { describe, expect, it } from "vitest";
import { type DeployConfig, deployProblems, PLACEHOLDER_DATABASE_ID } from "../../scripts/lib/deploy-checks.ts";

const REQUIRED = ["ADMIN_TOKEN", "EMAIL_KEY", "HASH_KEY"];

/** wrangler.toml as wrangler reads it, made ready to deploy; `changes` undo a step of the README. */
function config(changes: { databaseId?: string; siteUrl?: string } = {}): DeployConfig {
  return {
    d1_databases: [{ binding: "DB", database_id: changes.databaseId ?? "6f1c2b4e-9d3a-4c1e-8b7a-2e5d9c0f4a13" }],
    vars: { SITE_TITLE: "Wirepost", SITE_URL: changes.siteUrl ?? "https://news.example.com" },
    secrets: { required: REQUIRED },
  };
}

describe("deployProblems", () => {
  it("finds nothing to fix in a configured site with its secrets set", () => {
    expect(deployProblems(config(), [...REQUIRED, "TURNSTILE_SECRET_KEY"])).toEqual([]);
  });

  it("stops on the placeholder database_id, saying how to get the real one", () => {
    const [problem, ...others] = deployProblems(config({ databaseId: PLACEHOLDER_DATABASE_ID }), REQUIRED);
    expect(others).toEqual([]);
    expect(problem).toContain("database_id of the D1 database DB is still the placeholder");
    expect(problem).toContain("npx wrangler d1 create wirepost");
  });

  it("stops on an empty or relative SITE_URL", () => {
    expect(deployProblems(config({ siteUrl: " " }), REQUIRED)).toEqual([
      'wrangler.toml: SITE_URL is empty: set it to the site\'s address, e.g. "https://news.example.com"',
    ]);
    expect(deployProblems(config({ siteUrl: "news.example.com" }), REQUIRED)).toEqual([
      'wrangler.toml: SITE_URL "news.example.com" is not an absolute http(s) URL, e.g. "https://news.example.com"',
    ]);
  });

  it("stops when readers would be emailed from a site that isn't https (Cloudflare refuses their unsubscribe links)", () => {
    const readers = (siteUrl: string, EMAIL_READERS = "true") => ({
      ...config({ siteUrl }),
      vars: { SITE_URL: siteUrl, EMAIL_FROM: "comments@news.example.com", EMAIL_READERS },
    });
    expect(deployProblems(readers("http://news.example.com"), REQUIRED)).toEqual([
      'wrangler.toml: EMAIL_READERS is true but SITE_URL "http://news.example.com" is not https: readers\' unsubscribe links must be https',
    ]);
    expect(deployProblems(readers("https://news.example.com"), REQUIRED)).toEqual([]);
    expect(deployProblems(readers("http://news.example.com", "false"), REQUIRED)).toEqual([]);
  });

  it("names each required secret the Worker lacks, with the command that sets it", () => {
    expect(deployProblems(config(), ["EMAIL_KEY"])).toEqual([
      "secret ADMIN_TOKEN is not set: `npx wrangler secret put ADMIN_TOKEN` (README, Deploying)",
      "secret HASH_KEY is not set: `npx wrangler secret put HASH_KEY` (README, Deploying)",
    ]);
  });

  it("stops when the secrets couldn't be listed, rather than deploy unchecked", () => {
    expect(deployProblems(config(), undefined)).toEqual([expect.stringContaining("the Worker's secrets could not be listed")]);
  });

  it("reports every problem at once, so one round of fixes is enough", () => {
    expect(deployProblems(config({ databaseId: PLACEHOLDER_DATABASE_ID, siteUrl: "" }), [])).toHaveLength(5);
  });
});
