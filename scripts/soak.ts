// `npm run soak`: 60 s of mixed load on the built Worker (Miniflare direct, real
// limits): readers on pages and feeds at high concurrency while writers post
// from many clients — some over the rate limit, some invalid, some duplicated,
// some retried with idempotency keys. Then it checks the books.
import { readFileSync, rmSync } from "node:fs";
import autocannon from "autocannon";
import { parseArticleFile } from "../src/domain/articles/source-files.ts";
import { LAUNCH_SLUG, migrationStatements } from "./lib/bench-seed.ts";
import { buildWorker, scratchDir, serveWorker, siteWorker } from "./lib/miniflare-site.ts";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WRITERS = 8;
const work = scratchDir("soak");
const { bundlePath } = buildWorker(work);
const launch = parseArticleFile("launch.txt", readFileSync(`content/${LAUNCH_SLUG}.txt`, "utf8"));
const q = (value: string) => `'${value.replace(/'/g, "''")}'`;
const site = await serveWorker(work, "soak", siteWorker(bundlePath, { COMMENT_MODERATION: "none" }, 5), [
  ...migrationStatements(),
  `INSERT INTO articles (guid, slug, title, summary, body, body_html, source, status, published_at, updated_at)
     VALUES (${q(launch.guid)}, ${q(launch.slug)}, ${q(launch.title)}, ${q(launch.summary)}, ${q(launch.body)}, ${q(launch.bodyHtml)}, 'foreignpolicy.com', 'published', ${launch.publishedAt!.getTime()}, ${Date.now()})`,
]);
const api = `${site.url}/api/articles/${LAUNCH_SLUG}/comments`;
console.log(`soak: ${SECONDS} s, readers at 32 connections, ${WRITERS} writers, against ${site.url}`);

// --- writers --------------------------------------------------------------------
type Kind = "new" | "over-limit" | "invalid" | "duplicate" | "retry";
const tally = new Map<string, number>();
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
const created = new Map<number, string>(); // comment id → the payload that made it
const sent: { payload: string; key: string; id: number }[] = [];
const serverErrors: string[] = [];
let client = 0;
const freshIp = () => {
  client += 1;
  return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
};
const BUSY_CLIENT = "192.0.2.250"; // posts far more than 5 a minute

async function post(payload: string, ip: string, key?: string) {
  const response = await fetch(api, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip, ...(key ? { "Idempotency-Key": key } : {}) },
    body: payload,
  });
  const body = (await response.json()) as { comment?: { id: number }; error?: { code: string } };
  if (response.status >= 500) serverErrors.push(`${response.status} ${JSON.stringify(body)}`);
  return { status: response.status, id: body.comment?.id, replayed: response.headers.get("Idempotent-Replayed") === "true" };
}

function pick(): Kind {
  const roll = Math.random();
  if (sent.length > 0 && roll < 0.15) return "retry";
  if (sent.length > 0 && roll < 0.3) return "duplicate";
  if (roll < 0.45) return "invalid";
  if (roll < 0.6) return "over-limit";
  return "new";
}

async function writer(until: number) {
  while (Date.now() < until) {
    const kind = pick();
    const n = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const payload = JSON.stringify({ author: `Soak ${n}`, email: `soak.${n}@example.com`, body: `Soak comment ${n}.` });
    if (kind === "new" || kind === "over-limit") {
      const key = crypto.randomUUID();
      const result = await post(payload, kind === "new" ? freshIp() : BUSY_CLIENT, key);
      count(`${kind} → ${result.status}`);
      if (result.status === 201 && result.id !== undefined) {
        created.set(result.id, payload);
        sent.push({ payload, key, id: result.id });
      }
    } else if (kind === "invalid") {
      const result = await post(JSON.stringify({ author: "", email: "not-an-email", body: "" }), freshIp());
      count(`invalid → ${result.status}`);
    } else {
      const earlier = sent[Math.floor(Math.random() * sent.length)]!;
      const retry = kind === "retry";
      const result = await post(earlier.payload, freshIp(), retry ? earlier.key : crypto.randomUUID());
      count(`${kind} → ${result.status}${result.replayed ? " (replayed)" : ""}`);
      if (retry && (result.status !== 201 || result.id !== earlier.id)) serverErrors.push(`retry got ${result.status} id ${result.id}, expected ${earlier.id}`);
    }
  }
}

// --- readers ----------------------------------------------------------------------
const until = Date.now() + SECONDS * 1000;
const paths = [`/articles/${LAUNCH_SLUG}`, "/feed.xml", "/feed.json", `/articles/${LAUNCH_SLUG}/feed.atom`, "/", `/api/articles/${LAUNCH_SLUG}/comments`];
const [readers] = await Promise.all([
  autocannon({ url: site.url, connections: 32, duration: SECONDS, requests: paths.map((path) => ({ method: "GET", path })) }),
  ...Array.from({ length: WRITERS }, () => writer(until)),
]);

// --- the books ----------------------------------------------------------------------
async function listed(): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const page = (await (await fetch(`${api}?limit=100${cursor ? `&cursor=${cursor}` : ""}`)).json()) as {
      comments: { id: number }[];
      nextCursor: string | null;
    };
    ids.push(...page.comments.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
const stored = (await (await site.mf.getD1Database("DB")).prepare("SELECT id, body FROM comments ORDER BY id").all<{ id: number; body: string }>()).results;
const publicIds = await listed();
// Through the edge cache as readers get them: every write purged what it changed.
const feed = (await (await fetch(`${site.url}/articles/${LAUNCH_SLUG}/feed.json`)).json()) as { items: { url: string }[] };
const page = await (await fetch(`${site.url}/articles/${LAUNCH_SLUG}`)).text();
const createdIds = [...created.keys()].sort((a, b) => a - b);
const checks: [string, boolean][] = [
  ["every 201 is stored exactly once", stored.length === createdIds.length && stored.every((row, i) => row.id === createdIds[i])],
  ["each stored comment is the one its 201 answered", stored.every((row) => (created.get(row.id) ?? "").includes(row.body))],
  ["refused requests stored nothing (stored = distinct 201s)", new Set(stored.map((row) => row.id)).size === stored.length],
  ["no 5xx, and every retry replayed its original", serverErrors.length === 0 && readers.non2xx === 0 && readers.errors === 0],
  ["the public list is exactly the approved set", JSON.stringify(publicIds) === JSON.stringify(createdIds)],
  [
    "the comment feed is exactly the newest 50",
    JSON.stringify(feed.items.map((item) => Number(item.url.split("#comment-")[1]))) === JSON.stringify(createdIds.slice(-50).reverse()),
  ],
  ["the page counts them all", page.includes(createdIds.length === 1 ? "1 Comment" : `${createdIds.length.toLocaleString("en")} Comments`)],
];

console.log(
  `\nreaders: ${readers.requests.total} requests, ${readers.requests.average} req/s, p99 ${readers.latency.p99} ms, non-2xx ${readers.non2xx}, errors ${readers.errors}`,
);
console.log(`writers: ${[...tally.values()].reduce((a, b) => a + b, 0)} requests`);
for (const [key, value] of [...tally].sort()) console.log(`  ${key.padEnd(32)} ${value}`);
console.log(`stored comments: ${stored.length}; 201s that created one: ${createdIds.length}`);
for (const error of serverErrors.slice(0, 5)) console.log(`  error: ${error}`);
console.log("\ninvariants:");
for (const [name, ok] of checks) console.log(`  ${ok ? "ok  " : "FAIL"} ${name}`);
await site.mf.dispose();
rmSync(work, { recursive: true, force: true });
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
