import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from "miniflare";
import { freePort } from "./local-site.ts";

/** A scratch folder inside the project: workerd resolves module paths under its working directory. */
export function scratchDir(kind: string): string {
  mkdirSync("bench/.work", { recursive: true });
  return mkdtempSync(join("bench/.work", `${kind}-`));
}

const compatibilityDate = () => /compatibility_date\s*=\s*"([^"]+)"/.exec(readFileSync("wrangler.toml", "utf8"))![1]!;

function workerdPids(): Set<number> {
  const pids = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (comm.startsWith("workerd") && ppid === process.pid) pids.add(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export interface Served {
  url: string;
  /** The workerd process serving it, for CPU accounting. */
  pid: number;
  mf: Miniflare;
}

/** A Worker's options in Miniflare's v4 shape (`scriptPath` or `script`, bindings, `cacheAPI`…). */
export type WorkerOptions = ({ scriptPath: string } | { script: string }) & Record<string, unknown>;

/**
 * One Worker served by Miniflare directly (one workerd, no wrangler dev
 * proxy). Its local D1 (binding DB) lives in the folder `state` (by default a
 * fresh one under `work`), then gets the `seed` statements. Miniflare 5's v4
 * adapter silently drops per-kind options such as `d1Persist`:
 * `resourcePersistencePath` is the one that places D1.
 */
export async function serveWorker(work: string, name: string, worker: WorkerOptions, seed: string[], state = join(work, `${name}-state`)): Promise<Served> {
  const before = workerdPids();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: await freePort(),
      cf: false,
      resourcePersistencePath: state,
      workers: [{ name, modules: true, compatibilityDate: compatibilityDate(), d1Databases: { DB: "bench-db" }, ...worker }],
    } as V4MiniflareOptions),
  );
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const db = await mf.getD1Database("DB");
  for (const statement of seed) await db.prepare(statement).run();
  const [pid] = [...workerdPids()].filter((candidate) => !before.has(candidate));
  return { url, pid: pid!, mf };
}

/**
 * Seeds a D1 folder once, then copies it for each extra instance: every copy
 * starts from identical data, and no two workerd processes ever write one
 * SQLite file (workerd's SQLite is not built for that; the POST case writes).
 */
export async function seedD1(work: string, state: string, statements: string[], copies: string[]): Promise<void> {
  const seeder = await serveWorker(work, "seed", { script: "export default { fetch: () => new Response(null) }" }, statements, state);
  await seeder.mf.dispose(); // closes the database, so the files are whole
  for (const copy of copies) cpSync(state, copy, { recursive: true });
}

/** The site's vars and secrets for a local run; `overrides` as a site owner would set them. */
function siteBindings(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SITE_TITLE: "Wirepost",
    SITE_DESCRIPTION: "Local run",
    SITE_LANGUAGE: "en",
    SITE_URL: "",
    COMMENT_MODERATION: "first-time",
    COMMENT_FLOOD_SECONDS: "15",
    COMMENT_BURST_PERIOD_SECONDS: "60",
    TURNSTILE_SITE_KEY: "",
    IMAGE_TRANSFORMATIONS: "",
    EMAIL_FROM: "",
    EMAIL_READERS: "false",
    NOTIFY_EMAILS: "",
    NOTIFY_ON_COMMENT: "false",
    NOTIFY_ON_HELD: "true",
    NOTIFY_DIGEST_MINUTES: "15",
    NOTIFY_RETRY_SECONDS: "60",
    WEBSUB_HUB_URL: "",
    WEBSUB_ALLOW_PRIVATE_CALLBACKS: "false",
    EMAIL_KEY: `1:${Buffer.alloc(32, 7).toString("base64url")}`,
    HASH_KEY: Buffer.alloc(32, 9).toString("base64url"),
    ...overrides,
  };
}

const rateLimits = (commentsPerMinute: number) => ({
  COMMENT_RATE_LIMITER: { namespace_id: "1001", simple: { limit: commentsPerMinute, period: 60 } },
});

/** The queues of `wrangler.toml`: notifications (the Worker sends to one and consumes both) and WebSub's. */
const NOTIFICATIONS_QUEUE = "wirepost-notifications";
const WEBSUB_QUEUE = "wirepost-websub";
const queues = {
  queueProducers: { NOTIFICATIONS: NOTIFICATIONS_QUEUE, WEBSUB_QUEUE },
  queueConsumers: {
    [NOTIFICATIONS_QUEUE]: { maxBatchSize: 10, maxBatchTimeout: 5, maxRetries: 6, retryDelay: 60, deadLetterQueue: `${NOTIFICATIONS_QUEUE}-dlq` },
    [`${NOTIFICATIONS_QUEUE}-dlq`]: { maxBatchSize: 10, maxBatchTimeout: 5, maxRetries: 3, retryDelay: 60 },
    [WEBSUB_QUEUE]: { maxBatchSize: 10, maxBatchTimeout: 5, maxRetries: 5, retryDelay: 60, deadLetterQueue: `${WEBSUB_QUEUE}-dlq` },
  },
};

/**
 * The built reader Worker with the bindings `wrangler.toml` gives it
 * (Miniflare doesn't read that file): vars and secrets (`vars` as a site
 * owner would set them), the rate limit, the version metadata, the purge
 * coordinator, the notification and WebSub queues, the media bucket and the
 * email sender. No ADMIN binding: the owner's paths answer 503, as on a site
 * run without its admin Worker.
 */
export function siteWorker(bundlePath: string, vars: Record<string, string>, commentsPerMinute: number): WorkerOptions {
  return {
    scriptPath: bundlePath,
    bindings: siteBindings(vars),
    ratelimits: rateLimits(commentsPerMinute),
    versionMetadata: "CF_VERSION_METADATA",
    durableObjects: { CACHE_PURGES: { className: "CachePurges", useSQLite: true } },
    ...queues,
    r2Buckets: ["MEDIA"],
    email: { send_email: [{ name: "EMAIL" }] },
  };
}
