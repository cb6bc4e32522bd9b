import type { PublicChange } from "../domain/cache-tags.ts";
import type { JobBody } from "../domain/notifications/jobs.ts";

/**
 * A purge went out ("done": the next request for what changed is a miss), or
 * the purge budget is spent for now and it waits, coalesced with other
 * writes', for the next purge ("deferred": seconds at most).
 */
export type PurgeOutcome = "done" | "deferred";

/**
 * What a use case needs done beyond the database, provided by the HTTP layer
 * for each request (so services never depend on it): forgetting cached
 * copies of what a write changed, work that may finish after the response,
 * and notification jobs (emails, webhook calls) for the queue.
 */
export interface Effects {
  /** Drops what `changes` made stale from the edge cache, everywhere. */
  purge(...changes: PublicChange[]): Promise<PurgeOutcome>;
  /** Runs `work` after the response is sent; the reader never waits for it, and a failure never reaches them. */
  defer(work: Promise<unknown>): Promise<void>;
  /**
   * Hands notification jobs to the queue, after the write they follow; the
   * consumer sends and retries them, so the reader never waits for mail. A
   * failure to enqueue is logged, never the reader's.
   */
  enqueue(...jobs: JobBody[]): Promise<void>;
}
