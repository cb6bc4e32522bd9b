import { Hono } from "hono";
import { mediaTag } from "../domain/cache-tags.ts";
import { typeOfKey } from "../domain/media/media-keys.ts";
import type { AppEnv } from "../env.ts";
import { markPublic } from "../http/edge-cache.ts";
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
  // Tagged with its key, so storing an image there purges the answer.
  if (!type || !object) throw notFound("Image", [mediaTag(key)]);
  const response = c.body(object.body, 200, { "Content-Type": type, "Content-Length": String(object.size), ETag: object.httpEtag });
  markPublic(response.headers, "immutable", []);
  return response;
});
