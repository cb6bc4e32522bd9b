import { MAX_MEDIA_LABEL } from "../domain/media/media-keys.ts";
import type { SaveResult } from "../services/save-article.ts";
import type { UploadResult } from "../services/upload-media.ts";
import { AppError, notFound } from "./errors.ts";
import { invalidPayload } from "./validate.ts";

/** The same refusal of an article change for the admin API and the desk (which shows `fields` beside the fields). */
export function saveRefusal(result: Exclude<SaveResult, { outcome: "saved" }>): AppError {
  switch (result.outcome) {
    case "not_found":
      return notFound("Article");
    case "slug_taken": {
      const message = "Another article already has this address (slug).";
      return new AppError(409, "slug_taken", message, { fields: { slug: message } });
    }
    case "guid_taken": {
      const message = "Another article already has this guid.";
      return new AppError(409, "guid_taken", message, { fields: { guid: message } });
    }
    case "unknown_image":
      return invalidPayload({ featuredImage: "Choose an image from the media library (upload it first)." });
    case "invalid":
      return invalidPayload(result.fields);
    case "conflict":
      return new AppError(409, "edit_conflict", "The article was saved by someone else since you read it; read it again and redo your change.");
  }
}

const imageRefusal = (status: 413 | 415 | 422, code: string, fields: Record<string, string>) =>
  new AppError(status, code, Object.values(fields)[0]!, { fields });

/** The same refusal of an upload for `POST /api/admin/media` and the desk's upload button. */
export function uploadRefusal(result: Exclude<UploadResult, { outcome: "stored" }>): AppError {
  switch (result.outcome) {
    case "disabled":
      return new AppError(503, "media_disabled", "Uploads are off: bind an R2 bucket as MEDIA in wrangler.toml (README, Images).");
    case "no_file":
      return invalidPayload({ file: "Choose an image file to upload." });
    case "too_large":
      return imageRefusal(413, "payload_too_large", { file: `The image is larger than ${MAX_MEDIA_LABEL}: make it smaller and upload it again.` });
    case "not_an_image":
      return imageRefusal(415, "unsupported_media_type", {
        file: "That file is not a JPEG, PNG, WebP, AVIF or GIF image (its content was checked, not its name).",
      });
    case "location_unremovable":
      return invalidPayload({
        file: "This image carries where it was taken in metadata that can't be removed safely: export it without location data and upload it again.",
      });
    case "no_alt":
      return invalidPayload({ alt: "Describe the image in a few words (alt text): readers who can't see it are given this instead." });
    case "alt_too_long":
      return invalidPayload({ alt: "Keep the alt text under 1,000 characters." });
  }
}
