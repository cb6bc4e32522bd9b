// `npm run bench`: builds the Worker, serves the bundle with Miniflare directly
// (no wrangler dev proxy) on a freshly seeded local D1, drives each route with
// autocannon at concurrency 16 and 64, and compares against two reference
// Workers served the same way. Prints a table; writes bench/results.json.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { BIG_SLUG, LAUNCH_SLUG, migrationStatements, referencePage, referenceSeedStatements, seedStatements } from "./lib/bench-seed.ts";
import { buildWorker, cpuSeconds, rateLimits, scratchDir, type Served, serveWorker, siteBindings } from "./lib/miniflare-site.ts";
import { wrangler } from "./lib/wrangler.ts";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = [16, 64];
const work = scratchDir("bench");
const { bundlePath, gzipBytes: bundleGzipBytes } = buildWorker(work);

function startupMs(): number {
  const profile = join(work, "startup.cpuprofile");
  wrangler(["check", "startup", `--outfile=${profile}`], { quiet: true });
  const { startTime, endTime } = JSON.parse(readFileSync(profile, "utf8")) as { startTime: number; endTime: number };
  return (endTime - startTime) / 1000;
}

console.log("bench: building and seeding (1,000 articles, 100,200 comments)…");
const serve = (name: string, options: { scriptPath: string } & Record<string, unknown>, seed: string[]) => serveWorker(work, name, options, seed);
const site = await serve(
  "wirepost",
  // Limits raised for the run: the POST case plays many distinct clients.
  { scriptPath: bundlePath, bindings: siteBindings({ COMMENT_FLOOD_SECONDS: "0" }), ratelimits: rateLimits(1_000_000_000) },
  [...migrationStatements(), ...seedStatements()],
);
const PAGE = referencePage();
const constant = await serve("constant", { scriptPath: resolve("bench/reference-constant.js"), bindings: { PAGE } }, []);
const oneQuery = await serve("one-query", { scriptPath: resolve("bench/reference-one-query.js") }, referenceSeedStatements());
const cacheHit = await serve("cache-hit", { scriptPath: resolve("bench/reference-cache-hit.js"), bindings: { PAGE } }, []);

// --- routes -------------------------------------------------------------------
let postCounter = 0;
interface Route {
  name: string;
  server: Served;
  path: string;
  reference: "constant" | "one-query" | "cache-hit" | null;
  post?: boolean;
}
// A query string the edge cache ignores makes a request reach D1 every time.
const routes: Route[] = [
  { name: "reference: constant 20 KB page", server: constant, path: "/", reference: null },
  { name: "reference: one D1 query (20 KB row)", server: oneQuery, path: "/", reference: null },
  { name: "reference: Cache API hit (20 KB)", server: cacheHit, path: "/", reference: null },
  { name: "article page, cache hit", server: site, path: `/articles/${LAUNCH_SLUG}`, reference: "constant" },
  { name: "article page, uncached", server: site, path: `/articles/${LAUNCH_SLUG}?bench=1`, reference: "one-query" },
  { name: "/feed.xml, uncached", server: site, path: "/feed.xml?bench=1", reference: "one-query" },
  { name: "/feed.json, uncached", server: site, path: "/feed.json?bench=1", reference: "one-query" },
  { name: "comment list API, uncached", server: site, path: `/api/articles/${LAUNCH_SLUG}/comments?bench=1`, reference: "one-query" },
  { name: "comment POST (distinct clients)", server: site, path: `/api/articles/${LAUNCH_SLUG}/comments`, reference: "one-query", post: true },
  { name: "100,000-comment article, uncached", server: site, path: `/articles/${BIG_SLUG}?bench=1`, reference: "one-query" },
];

function postRequest(): autocannon.Request {
  return {
    method: "POST",
    setupRequest(request) {
      postCounter += 1;
      const n = postCounter;
      return {
        ...request,
        headers: { ...request.headers, "content-type": "application/json", "cf-connecting-ip": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
        body: JSON.stringify({ author: `Bench ${n}`, email: `bench${n}@example.com`, body: `Benchmark comment number ${n}.` }),
      };
    },
  };
}

function run(route: Route, connections: number, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: route.server.url + route.path,
    connections,
    duration,
    ...(route.post ? { requests: [postRequest()] } : {}),
  });
}

async function roundTrips(route: Route): Promise<number | null> {
  if (route.reference === null) return null;
  const response = await fetch(route.server.url + route.path, route.post ? undefined : {});
  await response.arrayBuffer();
  const timing = /D1 round trips: (\d+)/.exec(response.headers.get("Server-Timing") ?? "");
  return timing ? Number(timing[1]) : null;
}

const REFERENCE_NAMES = {
  constant: "reference: constant 20 KB page",
  "one-query": "reference: one D1 query (20 KB row)",
  "cache-hit": "reference: Cache API hit (20 KB)",
} as const;

interface Measurement {
  route: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  cpuMsPerRequest: number;
  d1RoundTrips: number | null;
  ratio: number | null;
  reference: string | null;
}

const results: Measurement[] = [];
for (const route of routes) {
  await run(route, 16, 2); // warm up (fills the edge cache, JITs the code)
  const d1RoundTrips = route.post ? 2 : await roundTrips(route);
  for (const connections of CONCURRENCY) {
    const cpuBefore = cpuSeconds(route.server.pid);
    const result = await run(route, connections, DURATION);
    const cpu = cpuSeconds(route.server.pid) - cpuBefore;
    const served = result.requests.total;
    const reference = route.reference && results.find((m) => m.route === REFERENCE_NAMES[route.reference!] && m.connections === connections);
    results.push({
      route: route.name,
      connections,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      cpuMsPerRequest: served > 0 ? (cpu * 1000) / served : NaN,
      d1RoundTrips,
      reference: route.reference,
      ratio: reference ? result.requests.average / reference.requestsPerSecond : null,
    });
    process.stdout.write(".");
  }
}
console.log("");

const startup = startupMs();
const launchUncached = (c: number) => results.find((m) => m.route === "article page, uncached" && m.connections === c)!;
const bigRatios = CONCURRENCY.map((c) => results.find((m) => m.route.startsWith("100,000") && m.connections === c)!.requestsPerSecond / launchUncached(c).requestsPerSecond);

const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number | null, digits = 0) => (value === null || Number.isNaN(value) ? "–" : value.toFixed(digits));
console.log(
  [
    pad("route", 36) + pad("conn", 6) + pad("req/s", 9) + pad("p50 ms", 8) + pad("p99 ms", 8) + pad("errors", 8) + pad("non-2xx", 9) + pad("CPU ms/req", 12) + pad("D1 trips", 10) + "ratio to reference",
    ...results.map(
      (m) =>
        pad(m.route, 36) +
        pad(String(m.connections), 6) +
        pad(num(m.requestsPerSecond), 9) +
        pad(num(m.p50), 8) +
        pad(num(m.p99), 8) +
        pad(String(m.errors), 8) +
        pad(String(m.non2xx), 9) +
        pad(num(m.cpuMsPerRequest, 3), 12) +
        pad(num(m.d1RoundTrips), 10) +
        (m.ratio === null ? "" : `${m.ratio.toFixed(2)} × ${m.reference}`),
    ),
  ].join("\n"),
);
const hitVsCacheApi = CONCURRENCY.map(
  (c) =>
    results.find((m) => m.route === "article page, cache hit" && m.connections === c)!.requestsPerSecond /
    results.find((m) => m.route === REFERENCE_NAMES["cache-hit"] && m.connections === c)!.requestsPerSecond,
);
console.log(`\narticle page cache hit vs a bare Cache API hit: ${hitVsCacheApi.map((r) => r.toFixed(2)).join(" (c=16), ")} (c=64)`);
console.log(`100,000-comment article vs launch article, uncached: ${bigRatios.map((r) => r.toFixed(2)).join(" (c=16), ")} (c=64)`);
console.log(`bundle: ${(bundleGzipBytes / 1024).toFixed(1)} KiB gzipped; startup: ${startup.toFixed(1)} ms (wrangler check startup)`);
console.log("CPU ms/req is the workerd process's CPU (local D1's SQLite included) divided by requests served.");

mkdirSync("bench", { recursive: true });
writeFileSync(
  "bench/results.json",
  JSON.stringify({ date: new Date().toISOString(), durationSeconds: DURATION, bundleGzipBytes, startupMs: startup, bigArticleRatios: bigRatios, cacheHitVsCacheApi: hitVsCacheApi, results }, null, 2),
);
await Promise.all([site.mf.dispose(), constant.mf.dispose(), oneQuery.mf.dispose(), cacheHit.mf.dispose()]);
rmSync(work, { recursive: true, force: true });
