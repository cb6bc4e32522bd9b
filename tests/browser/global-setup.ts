import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { type LocalSite, startLocalSite } from "../../scripts/lib/local-site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    siteUrl: string;
    adminToken: string;
  }
}

let site: LocalSite | undefined;

export async function setup(project: TestProject) {
  const adminToken = randomBytes(24).toString("base64url");
  site = await startLocalSite({
    ADMIN_TOKEN: adminToken,
    EMAIL_KEY: `1:${randomBytes(32).toString("base64url")}`,
    HASH_KEY: randomBytes(32).toString("base64url"),
    // Browser flows post several comments a minute from one machine; the
    // flood interval itself is covered by the workerd tests.
    COMMENT_FLOOD_SECONDS: "0",
  });
  project.provide("siteUrl", site.url);
  project.provide("adminToken", adminToken);
}

export async function teardown() {
  await site?.stop();
}
