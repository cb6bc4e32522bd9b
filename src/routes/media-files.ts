import { Hono } from "hono";
import { MEDIA_CACHE_CONTROL, typeOfKey } from "../domain/media/media-keys.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";

/**
 * The media library's images, from R2: `/media/<sha256>.<ext>`. The key is the
 * content, so every copy may be kept for a year; the type comes from the key
 * (set when the upload's content was checked), never from anything else.
 */
export const mediaFiles = new Hono<AppEnv>();

mediaFiles.get("/media/:key", async (c) => {
  const key = c.req.param("key");
  const type = typeOfKey(key);
  const object = type && c.env.MEDIA ? await c.env.MEDIA.get(key) : null;
  if (!type || !object) throw notFound("Image");
  return c.body(object.body, 200, {
    "Content-Type": type,
    "Content-Length": String(object.size),
    "Cache-Control": MEDIA_CACHE_CONTROL,
    ETag: object.httpEtag,
  });
});
