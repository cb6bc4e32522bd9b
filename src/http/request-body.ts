import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "./errors.ts";

const MAX_BODY_BYTES = 256 * 1024;

/** 413 for a body over 256 KiB (or `maxBytes`, e.g. for uploads), by Content-Length or, for chunked bodies, while reading. */
export const limitBody = (maxBytes = MAX_BODY_BYTES, size = "256 KiB"): MiddlewareHandler =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(413, "payload_too_large", `The request body is larger than ${size}.`);
    },
  });

function mediaType(c: Context): string {
  return (c.req.header("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** 415 unless the request's media type is one of `accepted`. */
export const requireMediaType =
  (...accepted: string[]): MiddlewareHandler =>
  async (c, next) => {
    if (!accepted.includes(mediaType(c))) {
      throw new AppError(415, "unsupported_media_type", `Send the request as ${accepted.join(" or ")}.`);
    }
    await next();
  };

async function readUtf8(c: Context): Promise<string> {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(await c.req.arrayBuffer());
  } catch {
    throw new AppError(400, "invalid_encoding", "The request body is not valid UTF-8.");
  }
}

export async function readJson(c: Context): Promise<unknown> {
  const text = await readUtf8(c);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

/** A multipart body (read once; later calls get the same form). */
export function readMultipart(c: Context): Promise<FormData> {
  return c.req.formData().catch(() => {
    throw new AppError(400, "invalid_form", "The form data could not be read.");
  });
}

/** Form fields as strings; the last value wins for a repeated name. */
export async function readForm(c: Context): Promise<Record<string, string>> {
  if (mediaType(c) === "multipart/form-data") {
    const form = await readMultipart(c);
    return Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  }
  return Object.fromEntries(new URLSearchParams(await readUtf8(c)));
}

/** A JSON body: 415 unless sent as JSON, 413 over 256 KiB. */
export const jsonBody = () => [requireMediaType("application/json"), limitBody()] as const;
