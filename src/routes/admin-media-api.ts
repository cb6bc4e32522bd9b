import { Hono } from "hono";
import { recentMedia } from "../db/media-library.ts";
import type { Media } from "../db/schema.ts";
import { type FeaturedImage, MAX_MEDIA_BYTES, MAX_MEDIA_LABEL, mediaPath } from "../domain/media/media-keys.ts";
import { absoluteUrl, type Site } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { uploadRefusal } from "../http/desk-refusals.ts";
import { limitBody, readMultipart, requireMediaType } from "../http/request-body.ts";
import { uploadMedia } from "../services/upload-media.ts";

/** An image as the admin API shows it; `markdown` is what to paste into an article's body. */
export function mediaJson(site: Site, media: Media | FeaturedImage) {
  return {
    url: absoluteUrl(site, mediaPath(media.key)),
    type: media.type,
    bytes: media.bytes,
    width: media.width,
    height: media.height,
    alt: media.alt,
    markdown: `![${media.alt.replace(/[[\]\\]/g, "\\$&")}](${mediaPath(media.key)})`,
  };
}

/** What a multipart upload may weigh beyond the image: the other fields and the part headers. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** The media library in the admin API (mounted under `/api/admin`, behind its token check). */
export const adminMediaApi = new Hono<AppEnv>();

adminMediaApi.post("/media", requireMediaType("multipart/form-data"), limitBody(MAX_MEDIA_BYTES + FORM_OVERHEAD_BYTES, MAX_MEDIA_LABEL), async (c) => {
  const form = await readMultipart(c);
  const file = form.get("file");
  const alt = form.get("alt");
  const result = await uploadMedia(
    c.var.db,
    c.var.effects,
    c.env.MEDIA,
    { file: file instanceof File ? file : undefined, alt: typeof alt === "string" ? alt : "" },
    new Date(),
  );
  if (result.outcome !== "stored") throw uploadRefusal(result);
  return c.json({ media: { ...mediaJson(c.var.site, result.media), locationRemoved: result.locationRemoved } }, 201);
});

const LIBRARY_SHOWN = 100;

adminMediaApi.get("/media", async (c) => {
  const media = await recentMedia(c.var.db, LIBRARY_SHOWN);
  return c.json({ uploads: c.env.MEDIA !== undefined, media: media.map((record) => mediaJson(c.var.site, record)) });
});
