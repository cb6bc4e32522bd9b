import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devVars, ensureDevVars } from "./dev-vars.ts";
import { importArticles } from "./import-articles.ts";
import { keepOutbox } from "./outbox.ts";
import { type LocalOptions, persistArgs, wrangler } from "./wrangler.ts";

/**
 * Email for a local site: a sender, readers offered notifications, an owner to
 * tell of held comments. Nothing leaves the machine: `wrangler dev` writes
 * each message as an .eml file (kept by keepOutbox).
 */
export const LOCAL_EMAIL_VARS: Record<string, string> = {
  EMAIL_FROM: "wirepost@localhost",
  EMAIL_READERS: "true",
  NOTIFY_EMAILS: "owner@localhost",
};

/** `wrangler dev` arguments setting `vars`. */
const varArgs = (vars: Record<string, string>) => Object.entries(vars).map(([name, value]) => `--var=${name}:${value}`);

/** The site's two Workers: the reader first (it serves the port), then the admin Worker behind its ADMIN binding. */
const WORKER_CONFIGS = ["--config=wrangler.toml", "--config=admin/wrangler.toml"];

/**
 * `wrangler dev` for both Workers in one local runtime: the ADMIN service
 * binding connected, and the first Worker's persistence folder (`--persist-to`
 * or .wrangler/state) holding D1, R2, queues and Durable Objects for both.
 * `vars` reach both Workers, the local secrets of .dev.vars too: wrangler
 * gives `--var` to the first Worker only, and the admin Worker, which has no
 * .dev.vars beside its configuration, reads its vars and secrets from the
 * environment instead.
 */
function wranglerDev(args: string[], vars: Record<string, string>, options: Omit<SpawnOptions, "env"> = {}): ChildProcess {
  return spawn("wrangler", ["dev", ...WORKER_CONFIGS, ...args, ...varArgs(vars)], {
    ...options,
    // The app never reads request.cf, so don't fetch Cloudflare's sample of it (and fail noisily offline).
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", ...devVars(), ...vars },
  });
}

/** Serves both Workers on 127.0.0.1:8787 in the foreground (`npm start`, `npm run dev`): this process passes on Ctrl-C and ends with wrangler. */
export function serveLocally(args: string[], vars: Record<string, string>): void {
  const dev = wranglerDev(["--ip=127.0.0.1", "--port=8787", ...args], vars, { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
  dev.on("exit", (code) => process.exit(code ?? 0));
}

export interface LocalSite {
  url: string;
  stop(): Promise<void>;
}

/** Applies pending migrations to a local D1: wrangler's default folder, or `persistTo`. */
function migrateLocalDatabase(local: LocalOptions = {}): void {
  wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(local)], { quiet: true });
}

/**
 * Readies the local site in wrangler's default folder, so `npm start` and
 * local imports work on a fresh clone: missing local secrets are generated
 * into .dev.vars (imports encrypt emails with them) and pending migrations
 * applied. Idempotent, so every run calls it.
 */
export function prepareLocalSite(log: (line: string) => void): void {
  const generated = ensureDevVars();
  if (generated.length > 0) log(`wrote new local secrets to .dev.vars (${generated.join(", ")})`);
  migrateLocalDatabase();
  log("local database migrated");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitUntilServing(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}) before serving ${url}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

/**
 * The whole site as `npm start` runs it (both Workers in wrangler dev, local
 * D1 migrated and seeded from content/), but in a fresh database folder of its own and on a
 * free port, for browser tests and load scripts; with `outbox`, every email
 * it sends is kept there as an .eml file.
 */
export async function startLocalSite(vars: Record<string, string>, { outbox }: { outbox?: string } = {}): Promise<LocalSite> {
  const persistTo = mkdtempSync(join(tmpdir(), "wirepost-site-"));
  migrateLocalDatabase({ persistTo });
  await importArticles(["content"], "--local", { persistTo });
  const port = await freePort();
  const child = wranglerDev(
    ["--ip=127.0.0.1", `--port=${port}`, "--show-interactive-dev-session=false", "--log-level=warn", ...persistArgs({ persistTo })],
    vars,
    { stdio: ["ignore", "inherit", "inherit"], detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const stopOutbox = outbox ? keepOutbox(outbox) : () => {};
  await waitUntilServing(url, 60_000, child);
  return {
    url,
    async stop() {
      stopOutbox();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid!, "SIGTERM");
        await exited;
      }
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
