import type { PublicChange } from "../../src/domain/cache-tags.ts";
import type { JobBody } from "../../src/domain/notifications/jobs.ts";
import type { Effects } from "../../src/services/effects.ts";

/** The services' side-effect seam, recording what a use case asked for instead of touching the cache or the queue. */
export function recordingEffects() {
  const purged: PublicChange[] = [];
  const deferred: Promise<unknown>[] = [];
  const enqueued: JobBody[] = [];
  const effects: Effects = {
    async purge(...changes) {
      purged.push(...changes);
      return "done";
    },
    async defer(work) {
      deferred.push(work);
    },
    async enqueue(...jobs) {
      enqueued.push(...jobs);
    },
  };
  return { effects, purged, deferred, enqueued };
}
