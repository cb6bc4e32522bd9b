import type { PublicChange } from "../domain/cached-paths.ts";

/**
 * What a use case needs done beyond the database, provided by the HTTP layer
 * for each request (so services never depend on it): forgetting cached
 * copies of what a write changed, and work that may finish after the response.
 */
export interface Effects {
  /** Drops what `changes` made stale from the edge cache before the answer goes out. */
  purge(...changes: PublicChange[]): Promise<void>;
  /** Runs `work` after the response is sent; the reader never waits for it, and a failure never reaches them. */
  defer(work: Promise<unknown>): Promise<void>;
}
