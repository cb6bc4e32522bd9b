import type { Database } from "../db/client.ts";
import { saveMedia } from "../db/media-library.ts";
import type { Media } from "../db/schema.ts";
import { imageInfo } from "../domain/media/image-file.ts";
import { withoutLocation } from "../domain/media/image-location.ts";
import { MAX_MEDIA_BYTES, MEDIA_CACHE_CONTROL, mediaKey } from "../domain/media/media-keys.ts";
import { normalizeText } from "../domain/text-fields.ts";
import type { Effects } from "./effects.ts";

const MAX_ALT_LENGTH = 1_000;

export type UploadResult =
  | { outcome: "stored"; media: Media; locationRemoved: boolean }
  /** No `MEDIA` bucket is bound: uploads are off. */
  | { outcome: "disabled" }
  | { outcome: "no_file" }
  | { outcome: "too_large" }
  | { outcome: "not_an_image" }
  | { outcome: "location_unremovable" }
  | { outcome: "no_alt" }
  | { outcome: "alt_too_long" };

export interface Upload {
  file: File | undefined;
  alt: string;
}

/**
 * Stores an image in the media library: checked by its content (JPEG, PNG,
 * WebP, AVIF or GIF, at most 10 MB), its location metadata removed, kept in
 * R2 under the SHA-256 of what is stored, and recorded with its size and alt
 * text (which readers who can't see it are given instead).
 */
export async function uploadMedia(db: Database, effects: Effects, bucket: R2Bucket | undefined, upload: Upload, now: Date): Promise<UploadResult> {
  if (!bucket) return { outcome: "disabled" };
  const { file } = upload;
  if (!file || file.size === 0) return { outcome: "no_file" };
  if (file.size > MAX_MEDIA_BYTES) return { outcome: "too_large" };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const info = imageInfo(bytes);
  if (!info) return { outcome: "not_an_image" };
  const alt = normalizeText(upload.alt);
  if (alt === "") return { outcome: "no_alt" };
  if (alt.length > MAX_ALT_LENGTH) return { outcome: "alt_too_long" };
  const cleaned = withoutLocation(bytes);
  if ("unremovable" in cleaned) return { outcome: "location_unremovable" };
  const key = await mediaKey(cleaned.bytes, info.type);
  await bucket.put(key, cleaned.bytes, { httpMetadata: { contentType: info.type, cacheControl: MEDIA_CACHE_CONTROL } });
  const media = await saveMedia(db, { key, type: info.type, bytes: cleaned.bytes.length, width: info.width, height: info.height, alt, createdAt: now });
  // A not-found answer kept for this key (asked for before the upload) must go.
  await effects.purge({ kind: "media", key });
  return { outcome: "stored", media, locationRemoved: cleaned.removed };
}
