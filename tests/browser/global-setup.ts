import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, LOCAL_EMAIL_VARS, type LocalSite, startLocalSite } from "../../scripts/lib/local-site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    siteUrl: string;
    adminToken: string;
    /** Where every email the site sends is kept, one .eml file each. */
    outbox: string;
    /** A free port for a page of another site that may embed comments (EMBED_ORIGINS is http://127.0.0.1:<it>). */
    embedHostPort: number;
  }
}

let site: LocalSite | undefined;
let outbox: string | undefined;

export async function setup(project: TestProject) {
  const adminToken = randomBytes(24).toString("base64url");
  outbox = mkdtempSync(join(tmpdir(), "wirepost-outbox-"));
  const embedHostPort = await freePort();
  site = await startLocalSite(
    {
      ADMIN_TOKEN: adminToken,
      EMAIL_KEY: `1:${randomBytes(32).toString("base64url")}`,
      HASH_KEY: randomBytes(32).toString("base64url"),
      // Browser flows post several comments a minute from one machine; the
      // flood interval itself is covered by the workerd tests.
      COMMENT_FLOOD_SECONDS: "0",
      // Email as `npm start` has it, every comment at once (the digest is covered by the workerd tests).
      ...LOCAL_EMAIL_VARS,
      NOTIFY_DIGEST_MINUTES: "0",
      EMBED_ORIGINS: `http://127.0.0.1:${embedHostPort}`,
    },
    { outbox },
  );
  project.provide("siteUrl", site.url);
  project.provide("adminToken", adminToken);
  project.provide("outbox", outbox);
  project.provide("embedHostPort", embedHostPort);
}

export async function teardown() {
  await site?.stop();
  if (outbox) rmSync(outbox, { recursive: true, force: true });
}
