import type { PublicChange } from "../domain/cached-paths.ts";
import type { JobBody } from "../domain/notifications/jobs.ts";

/**
 * What a use case needs done beyond the database, provided by the HTTP layer
 * for each request (so services never depend on it): forgetting cached
 * copies of what a write changed, work that may finish after the response,
 * and notification jobs (emails, webhook calls) for the queue.
 */
export interface Effects {
  /** Drops what `changes` made stale from the edge cache before the answer goes out. */
  purge(...changes: PublicChange[]): Promise<void>;
  /** Runs `work` after the response is sent; the reader never waits for it, and a failure never reaches them. */
  defer(work: Promise<unknown>): Promise<void>;
  /**
   * Hands notification jobs to the queue, after the write they follow; the
   * consumer sends and retries them, so the reader never waits for mail. A
   * failure to enqueue is logged, never the reader's.
   */
  enqueue(...jobs: JobBody[]): Promise<void>;
}
