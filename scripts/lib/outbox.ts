import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Where `wrangler dev` writes each raw email the EMAIL binding "sends": a folder per session, deleted when it exits. */
const SESSIONS = join(".wrangler", "tmp", "email");

/** Where `npm start` keeps them for good. */
export const LOCAL_OUTBOX = join(".wrangler", "outbox");

/**
 * Keeps every email `wrangler dev` writes (a complete .eml per message, in
 * .wrangler/tmp/email/<session>/email/) in `outbox` too, named by the time
 * it was seen, so it outlives the session. Polls; a file is copied once its
 * size stops changing (written whole). Returns a function that stops it.
 */
export function keepOutbox(outbox: string, onEmail: (path: string) => void = () => {}): () => void {
  mkdirSync(outbox, { recursive: true });
  const sizes = new Map<string, number>();
  const kept = new Set<string>();
  const sweep = () => {
    const sessions = existsSync(SESSIONS) ? readdirSync(SESSIONS) : [];
    for (const folder of sessions.map((session) => join(SESSIONS, session, "email")).filter((path) => existsSync(path))) {
      for (const name of readdirSync(folder).filter((file) => file.endsWith(".eml"))) {
        const path = join(folder, name);
        if (kept.has(path)) continue;
        try {
          const size = statSync(path).size;
          if (sizes.get(path) !== size) {
            sizes.set(path, size);
            continue;
          }
          const target = join(outbox, `${new Date().toISOString().replace(/[:.]/g, "-")}-${name}`);
          copyFileSync(path, target);
          kept.add(path);
          onEmail(target);
        } catch {
          // the session ended while we looked: its folder is gone
        }
      }
    }
  };
  const timer = setInterval(sweep, 250);
  return () => {
    clearInterval(timer);
    sweep();
  };
}
