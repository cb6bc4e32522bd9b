// Takes everything out: `npm run export -- [--remote | --url <site>] [--include-emails] > site.json`.
// Wraps GET /api/admin/export of the running local site (npm start), or of the
// deployed one (SITE_URL from wrangler.toml, or --url), with ADMIN_TOKEN from
// the environment or .dev.vars.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { secret } from "./lib/dev-vars.ts";

const args: string[] = process.argv.slice(2);
const urlFlag = args.indexOf("--url");
const siteUrl = /^SITE_URL\s*=\s*"([^"]*)"/m.exec(readFileSync("wrangler.toml", "utf8"))?.[1];
const base = urlFlag >= 0 ? args[urlFlag + 1] : args.includes("--remote") ? siteUrl : "http://127.0.0.1:8787";
if (!base) {
  console.error("export: set SITE_URL in wrangler.toml or pass --url <site>");
  process.exit(2);
}
const token = secret("ADMIN_TOKEN");
if (!token) {
  console.error("export: set ADMIN_TOKEN in the environment (or run npm start once for the local one)");
  process.exit(2);
}
const response = await fetch(`${base.replace(/\/$/, "")}/api/admin/export${args.includes("--include-emails") ? "?include=emails" : ""}`, {
  headers: { Authorization: `Bearer ${token}` },
});
if (!response.ok || !response.body) {
  console.error(`export: ${response.status} ${await response.text()}`);
  process.exit(1);
}
Readable.fromWeb(response.body as unknown as import("node:stream/web").ReadableStream).pipe(process.stdout);
