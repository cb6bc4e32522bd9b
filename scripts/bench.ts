// `npm run bench`: builds the reader Worker (every route measured is the
// public's; the admin Worker is built only to report its size) and serves the
// reader's bundle with Miniflare directly (no wrangler dev proxy) twice, each on its own copy of one seeded
// local D1: as deployed, and with the runtime's Cache API switched off, so an
// "uncached" case asks for the real URL and still reaches D1 on every request.
// Drives each case with autocannon, compares it with reference Workers served
// the same way, checks the performance targets, prints a table and writes
// bench/results.json.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { COMMENTS_PER_PAGE } from "../src/domain/comments/comment.ts";
import {
  BENCH_SECTION,
  BIG_COMMENTS,
  BIG_SLUG,
  HEAVY_SLUG,
  LAUNCH_SLUG,
  migrationStatements,
  referencePage,
  referenceSeedStatements,
  seedStatements,
  settleStatements,
} from "./lib/bench-seed.ts";
import { cpuSeconds, type Served, scratchDir, seedD1, serveWorker, siteWorker } from "./lib/miniflare-site.ts";
import { buildWorker } from "./lib/worker-bundles.ts";
import { wrangler } from "./lib/wrangler.ts";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "16").split(",").map(Number);
const WARM_UP_SECONDS = 1; // JITs the code, and fills the cache for the cache-hit case
const work = scratchDir("bench");

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The reader Worker's startup CPU time: the samples of `wrangler check startup`'s
 * profile spent doing something (the profile also spans the idle wait before
 * the script is evaluated). The least of three runs: the profiler samples
 * wall-clock time, so a busy machine adds to it what the Worker didn't do.
 */
function startupMs(): number {
  const file = join(work, "startup.cpuprofile");
  const runs = [1, 2, 3].map(() => {
    wrangler(["check", "startup", `--outfile=${file}`], { quiet: true });
    const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
    const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === "(idle)").map((node) => node.id));
    // Each sample's time is the delta to the next one.
    return profile.samples.reduce((sum, node, i) => sum + (idle.has(node) ? 0 : (profile.timeDeltas[i + 1] ?? 0)), 0) / 1000;
  });
  return Math.min(...runs);
}

// --- servers ------------------------------------------------------------------
console.log("bench: building and seeding (1,002 articles, 101,250 comments)…");
const startup = startupMs(); // before any server runs, so nothing competes for the CPU
const { bundlePath, gzipBytes: bundleGzipBytes } = buildWorker("reader", join(work, "reader"));
const { gzipBytes: adminBundleGzipBytes } = buildWorker("admin", join(work, "admin"));
const [cachedD1, uncachedD1] = [join(work, "site-d1"), join(work, "site-uncached-d1")];
await seedD1(work, cachedD1, [...migrationStatements(), ...seedStatements(), ...(await settleStatements())], [uncachedD1]);
// Limits raised for the run: the POST case plays many distinct clients.
const worker = siteWorker(bundlePath, { COMMENT_FLOOD_SECONDS: "0" }, 1_000_000_000);
const site = await serveWorker(work, "wirepost", worker, [], cachedD1);
// caches.default never hits here: every request is a cache miss at its real URL.
const uncached = await serveWorker(work, "wirepost-uncached", { ...worker, cacheAPI: false }, [], uncachedD1);

const launchPath = `/articles/${LAUNCH_SLUG}`;
// The Cache API reference serves bytes as many as the launch article's page.
const launchPage = await (await fetch(site.url + launchPath)).text();
const reference = (name: string, PAGE?: string) => ({ scriptPath: resolve(`bench/reference-${name}.js`), bindings: PAGE === undefined ? {} : { PAGE } });
const constant = await serveWorker(work, "constant", reference("constant", referencePage()), []);
const oneQuery = await serveWorker(work, "one-query", reference("one-query"), referenceSeedStatements());
const cacheApi = await serveWorker(work, "cache-hit", reference("cache-hit", launchPage), []);
const servers = [site, uncached, constant, oneQuery, cacheApi];

// "First" and "last" comment pages are explicit ?cpage= URLs: the bare URL may come to mean the newest page.
const lastPage = Math.ceil(BIG_COMMENTS / COMMENTS_PER_PAGE);
const problems: string[] = [];
const afterLast = await fetch(`${uncached.url}/articles/${BIG_SLUG}?cpage=${lastPage + 1}`);
await afterLast.arrayBuffer();
if (afterLast.status !== 404) problems.push(`100k article: ?cpage=${lastPage + 1} answered ${afterLast.status}, so ?cpage=${lastPage} is not the last page`);

// --- cases --------------------------------------------------------------------
/** `crawler`: what search engines read (robots.txt, sitemaps), with no target of its own. */
type Kind = "reference" | "page" | "feed" | "list" | "crawler" | "hit" | "post";
interface Case {
  name: string;
  kind: Kind;
  server: Served;
  path: string;
  /** The reference case whose req/s and CPU/request this one is compared with. */
  reference?: string;
}

const ONE_QUERY = "reference: one D1 query (20 KB row)";
const CACHE_API = `reference: Cache API hit (${(Buffer.byteLength(launchPage) / 1000).toFixed(0)} KB)`;
const LAUNCH_UNCACHED = "launch article, uncached";
const FEEDS = ["feed.xml", "feed.atom", "feed.json"];
const uncachedCase = (name: string, kind: Kind, path: string): Case => ({ name: `${name}, uncached`, kind, server: uncached, path, reference: ONE_QUERY });

const cases: Case[] = [
  { name: "reference: constant 20 KB page", kind: "reference", server: constant, path: "/" },
  { name: ONE_QUERY, kind: "reference", server: oneQuery, path: "/" },
  { name: CACHE_API, kind: "reference", server: cacheApi, path: "/" },
  uncachedCase("launch article", "page", launchPath),
  uncachedCase("50 threads × 20 replies ?cpage=1", "page", `/articles/${HEAVY_SLUG}?cpage=1`),
  uncachedCase("100k article ?cpage=1", "page", `/articles/${BIG_SLUG}?cpage=1`),
  uncachedCase(`100k article ?cpage=${lastPage} (last)`, "page", `/articles/${BIG_SLUG}?cpage=${lastPage}`),
  uncachedCase("100k article, bare URL", "page", `/articles/${BIG_SLUG}`),
  // A reply target makes a URL that is rendered on every request (never kept): what a page costs after each change.
  ...[
    ["launch article", launchPath],
    ["50 threads × 20 replies ?cpage=1", `/articles/${HEAVY_SLUG}?cpage=1`],
    ["100k article ?cpage=1", `/articles/${BIG_SLUG}?cpage=1`],
    ["100k article, newest page", `/articles/${BIG_SLUG}`],
  ].map(([name, path]) => uncachedCase(`${name}, rendered afresh`, "page", `${path}${path!.includes("?") ? "&" : "?"}replyto=1`)),
  ...FEEDS.map((file) => uncachedCase(`/${file}`, "feed", `/${file}`)),
  ...FEEDS.map((file) => uncachedCase(`launch article /${file}`, "feed", `${launchPath}/${file}`)),
  ...FEEDS.map((file) => uncachedCase(`/comments/${file}`, "feed", `/comments/${file}`)),
  // Archive pages are read from the oldest (an OFFSET): a deep one shows what that costs.
  uncachedCase("/feed.xml?page=25 (archive)", "feed", "/feed.xml?page=25"),
  uncachedCase("100k article /feed.json?page=1000 (archive)", "feed", `/articles/${BIG_SLUG}/feed.json?page=1000`),
  uncachedCase("a section's page ?page=10", "page", `/sections/${BENCH_SECTION}?page=10`),
  uncachedCase(`/sections/${BENCH_SECTION}/feed.xml`, "feed", `/sections/${BENCH_SECTION}/feed.xml`),
  uncachedCase("/sitemap.xml", "crawler", "/sitemap.xml"),
  uncachedCase("/sitemaps/articles-1.xml (1,000 URLs)", "crawler", "/sitemaps/articles-1.xml"),
  uncachedCase("/news-sitemap.xml", "crawler", "/news-sitemap.xml"),
  uncachedCase("comment list API", "list", `/api/articles/${LAUNCH_SLUG}/comments`),
  { name: "launch article, cache hit", kind: "hit", server: site, path: launchPath, reference: CACHE_API },
  // Last, so the comments it adds (held for moderation) come after every read.
  { name: "comment POST (distinct clients)", kind: "post", server: site, path: `/api/articles/${LAUNCH_SLUG}/comments`, reference: ONE_QUERY },
];

// Each POST comes from a new client address and commenter, so no limit or duplicate check refuses it.
let clients = 0;
function newCommenter(): { headers: Record<string, string>; body: string } {
  const n = ++clients;
  return {
    headers: { "content-type": "application/json", "cf-connecting-ip": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
    body: JSON.stringify({ author: `Bench ${n}`, email: `bench${n}@example.com`, body: `Benchmark comment number ${n}.` }),
  };
}

function load(c: Case, connections: number, duration: number): Promise<autocannon.Result> {
  const post: autocannon.Request = {
    method: "POST",
    setupRequest(request) {
      const { headers, body } = newCommenter();
      return { ...request, headers: { ...request.headers, ...headers }, body };
    },
  };
  return autocannon({ url: c.server.url + c.path, connections, duration, ...(c.kind === "post" ? { requests: [post] } : {}) });
}

interface Probe {
  status: number;
  bytes: number;
  d1RoundTrips: number | null;
}

/** One request, to read what a load run can't: status, body size, and the app's D1 count. */
async function probe(c: Case): Promise<Probe> {
  const init: RequestInit = c.kind === "post" ? { method: "POST", ...newCommenter() } : {};
  const response = await fetch(c.server.url + c.path, { ...init, headers: { ...init.headers, "accept-encoding": "identity" } });
  const bytes = (await response.arrayBuffer()).byteLength;
  const timing = /D1 round trips: (\d+)/.exec(response.headers.get("Server-Timing") ?? "");
  return { status: response.status, bytes, d1RoundTrips: timing ? Number(timing[1]) : null };
}

/** Why a case's figures can't be trusted, if they can't. */
function problemsOf(c: Case, p: Probe): string[] {
  const problems: string[] = [];
  const expected = c.kind === "post" ? 201 : 200;
  if (p.status !== expected) problems.push(`answered ${p.status}, not ${expected}`);
  if (c.server === uncached && !(p.d1RoundTrips! >= 1)) problems.push(`reported ${p.d1RoundTrips} D1 round trips: it did not reach D1`);
  if (c.kind === "hit" && p.d1RoundTrips !== 0) problems.push(`reported ${p.d1RoundTrips} D1 round trips: not a cache hit`);
  return problems;
}

// --- measure ------------------------------------------------------------------
interface Measurement {
  case: string;
  kind: Kind;
  path: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  cpuMsPerRequest: number;
  d1RoundTrips: number | null;
  bytes: number;
  reference: string | null;
  requestsRatio: number | null;
  cpuRatio: number | null;
}

const results: Measurement[] = [];
try {
  for (const c of cases) {
    await load(c, 16, WARM_UP_SECONDS);
    const probed = await probe(c);
    problems.push(...problemsOf(c, probed).map((problem) => `${c.name}: ${problem}`));
    for (const connections of CONNECTIONS) {
      // The serving workerd's CPU (local D1's SQLite and Cache API included) over the requests it served.
      const cpuBefore = cpuSeconds(c.server.pid);
      const result = await load(c, connections, DURATION);
      const cpuMsPerRequest = ((cpuSeconds(c.server.pid) - cpuBefore) * 1000) / result.requests.total;
      const ref = results.find((m) => m.case === c.reference && m.connections === connections);
      const errors = result.errors + result.timeouts;
      if (errors + result.non2xx > 0) problems.push(`${c.name} (c=${connections}): ${errors} errors, ${result.non2xx} non-2xx answers`);
      results.push({
        case: c.name,
        kind: c.kind,
        path: c.path,
        connections,
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors,
        non2xx: result.non2xx,
        cpuMsPerRequest,
        d1RoundTrips: probed.d1RoundTrips,
        bytes: probed.bytes,
        reference: ref ? ref.case : null,
        requestsRatio: ref ? result.requests.average / ref.requestsPerSecond : null,
        cpuRatio: ref ? cpuMsPerRequest / ref.cpuMsPerRequest : null,
      });
      process.stdout.write(".");
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.mf.dispose()));
}
console.log("");

// --- targets ------------------------------------------------------------------
interface TargetResult {
  target: string;
  met: boolean;
  figure: string;
}

const times = (ratio: number | null) => `${ratio === null ? "–" : ratio.toFixed(2)}×`;
const against = (m: Measurement, minRequests: number, maxCpu: number) => ({
  met: m.requestsRatio! >= minRequests && m.cpuRatio! <= maxCpu,
  figure: `${times(m.requestsRatio)} req/s, ${times(m.cpuRatio)} CPU`,
});

/** Targets checked on each measurement they apply to. */
const RULES: { target: string; applies: (m: Measurement) => boolean; check: (m: Measurement) => { met: boolean; figure: string } }[] = [
  { target: "uncached launch article: ≥0.5× one-query req/s, ≤1.5× its CPU", applies: (m) => m.case === LAUNCH_UNCACHED, check: (m) => against(m, 0.5, 1.5) },
  {
    target: "feeds and list: ≥0.8× one-query req/s, ≤1.2× its CPU",
    applies: (m) => m.kind === "feed" || m.kind === "list",
    check: (m) => against(m, 0.8, 1.2),
  },
  { target: "cache hit: ≥0.9× Cache API reference req/s", applies: (m) => m.kind === "hit", check: (m) => against(m, 0.9, Infinity) },
  {
    target: "comment POST: ≥0.4× one-query req/s, ≤2× its CPU, no errors",
    applies: (m) => m.kind === "post",
    check: (m) => {
      const { met, figure } = against(m, 0.4, 2);
      const failed = m.errors + m.non2xx;
      return { met: met && failed === 0, figure: `${figure}, ${failed} errors` };
    },
  },
  {
    target: "article page: ≤5 ms CPU, ≤300 KB HTML",
    applies: (m) => m.kind === "page" || m.kind === "hit",
    check: (m) => ({ met: m.cpuMsPerRequest <= 5 && m.bytes <= 300_000, figure: `${m.cpuMsPerRequest.toFixed(2)} ms, ${(m.bytes / 1000).toFixed(0)} KB` }),
  },
];

const targets: TargetResult[] = [
  ...RULES.flatMap((rule) =>
    results.filter(rule.applies).map((m) => {
      const { met, figure } = rule.check(m);
      return { target: rule.target, met, figure: `${m.case} (c=${m.connections}): ${figure}` };
    }),
  ),
  { target: "startup ≤10 ms (wrangler check startup)", met: startup <= 10, figure: `${startup.toFixed(1)} ms` },
  { target: "reader bundle ≤100 KiB gzipped", met: bundleGzipBytes <= 100 * 1024, figure: `${(bundleGzipBytes / 1024).toFixed(1)} KiB` },
];

// --- report -------------------------------------------------------------------
const COLUMNS: [string, number, (m: Measurement) => string][] = [
  ["case", 44, (m) => m.case],
  ["conn", 5, (m) => String(m.connections)],
  ["req/s", 8, (m) => m.requestsPerSecond.toFixed(0)],
  ["p50", 5, (m) => String(m.p50)],
  ["p99", 5, (m) => String(m.p99)],
  ["err", 5, (m) => String(m.errors)],
  ["non2xx", 7, (m) => String(m.non2xx)],
  ["CPU ms", 8, (m) => m.cpuMsPerRequest.toFixed(3)],
  ["D1", 4, (m) => (m.d1RoundTrips === null ? "–" : String(m.d1RoundTrips))],
  ["bytes", 9, (m) => String(m.bytes)],
  ["×req/s", 8, (m) => (m.reference ? times(m.requestsRatio) : "")],
  ["×CPU", 7, (m) => (m.reference ? times(m.cpuRatio) : "")],
  ["reference", 0, (m) => m.reference ?? ""],
];
const row = (cells: string[]) =>
  cells
    .map((cell, i) => cell.padEnd(COLUMNS[i]![1]))
    .join(" ")
    .trimEnd();
console.log([row(COLUMNS.map(([title]) => title)), ...results.map((m) => row(COLUMNS.map(([, , cell]) => cell(m))))].join("\n"));
console.log(`\n${DURATION} s per run; p50/p99 in ms; CPU ms is the serving workerd's CPU (local D1's SQLite included) per request served;`);
console.log("D1 is the app's Server-Timing count; bytes is one response's body; ×req/s and ×CPU are ratios to the reference.");
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`reader bundle: ${kib(bundleGzipBytes)} gzipped; startup: ${startup.toFixed(1)} ms (wrangler check startup)`);
console.log(`admin bundle: ${kib(adminBundleGzipBytes)} gzipped (not served here: no route measured is the owner's)`);
console.log("\ntargets:");
for (const t of targets) console.log(`  ${(t.met ? "met" : "MISSED").padEnd(7)} ${t.target} — ${t.figure}`);
if (problems.length > 0) {
  console.log(`\nproblems (these figures are not trustworthy):\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exitCode = 1;
}

mkdirSync("bench", { recursive: true });
writeFileSync(
  "bench/results.json",
  JSON.stringify(
    {
      date: new Date().toISOString(),
      durationSeconds: DURATION,
      connections: CONNECTIONS,
      bundleGzipBytes,
      adminBundleGzipBytes,
      startupMs: startup,
      lastCommentPage: lastPage,
      results,
      targets,
      problems,
    },
    null,
    2,
  ),
);
rmSync(work, { recursive: true, force: true });
