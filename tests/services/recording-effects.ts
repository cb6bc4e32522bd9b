import type { PublicChange } from "../../src/domain/cached-paths.ts";
import type { Effects } from "../../src/services/effects.ts";

/** The services' side-effect seam, recording what a use case asked for instead of touching the cache. */
export function recordingEffects() {
  const purged: PublicChange[] = [];
  const deferred: Promise<unknown>[] = [];
  const effects: Effects = {
    async purge(...changes) {
      purged.push(...changes);
    },
    async defer(work) {
      deferred.push(work);
    },
  };
  return { effects, purged, deferred };
}
