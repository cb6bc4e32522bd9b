import type { PublicChange } from "../../src/domain/cache-tags.ts";
import type { Effects } from "../../src/services/effects.ts";

/** The services' side-effect seam, recording what a use case asked for instead of touching the cache. */
export function recordingEffects() {
  const purged: PublicChange[] = [];
  const deferred: Promise<unknown>[] = [];
  const effects: Effects = {
    async purge(...changes) {
      purged.push(...changes);
      return "done";
    },
    async defer(work) {
      deferred.push(work);
    },
  };
  return { effects, purged, deferred };
}
