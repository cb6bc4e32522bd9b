import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app.tsx";
import { adminFetch, fetchWorker } from "../helpers.ts";
import { IMAGE_HEIGHT, IMAGE_WIDTH, IMAGES, imageFile } from "../images.ts";

interface MediaJson {
  url: string;
  type: string;
  bytes: number;
  width: number;
  height: number;
  alt: string;
  markdown: string;
  locationRemoved: boolean;
}

function upload(fields: Record<string, string | File>, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return adminFetch("/media", { method: "POST", body: form, headers });
}

async function uploaded(fields: Record<string, string | File>): Promise<MediaJson> {
  const response = await upload(fields);
  expect(response.status).toBe(201);
  return (await response.json<{ media: MediaJson }>()).media;
}

const urlKey = (url: string) => new URL(url).pathname;

describe("POST /api/admin/media", () => {
  it.each([
    ["a JPEG", IMAGES.jpeg, "image/jpeg", "jpg"],
    ["a PNG", IMAGES.png, "image/png", "png"],
    ["a GIF", IMAGES.gif, "image/gif", "gif"],
    ["a WebP", IMAGES.lossyWebp, "image/webp", "webp"],
    ["an AVIF", IMAGES.avif, "image/avif", "avif"],
  ])("stores %s (whatever its name says) at /media/<sha256>.<ext>, with its size", async (_, bytes, type, extension) => {
    const media = await uploaded({ file: imageFile(bytes, "upload.bin"), alt: "A test card" });
    expect(media).toMatchObject({ type, bytes: bytes.length, width: IMAGE_WIDTH, height: IMAGE_HEIGHT, alt: "A test card", locationRemoved: false });
    expect(media.url).toMatch(new RegExp(`^http://wirepost\\.test/media/[0-9a-f]{64}\\.${extension}$`));
    expect(media.markdown).toBe(`![A test card](${urlKey(media.url)})`);

    const served = await fetchWorker(urlKey(media.url));
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe(type);
    expect(served.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("Cache-Tag")).toBeNull();
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    const etag = served.headers.get("ETag")!;
    expect((await fetchWorker(urlKey(media.url), { headers: { "If-None-Match": etag } })).status).toBe(304);
    const head = await fetchWorker(urlKey(media.url), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Length")).toBe(String(bytes.length));
  });

  it("keys an image by its content: the same image again is the same URL, with the newer alt text", async () => {
    const first = await uploaded({ file: imageFile(IMAGES.png, "a.png"), alt: "First words" });
    const second = await uploaded({ file: imageFile(IMAGES.png, "b.png"), alt: "Better words" });
    expect(second.url).toBe(first.url);
    const { media } = await (await adminFetch("/media")).json<{ media: MediaJson[] }>();
    expect(media.filter((item) => item.url === first.url)).toEqual([expect.objectContaining({ alt: "Better words" })]);
  });

  it("removes where a photo was taken and says so", async () => {
    const media = await uploaded({ file: imageFile(IMAGES.gpsJpeg, "holiday.jpg", "image/jpeg"), alt: "A beach" });
    expect(media.locationRemoved).toBe(true);
    const stored = new Uint8Array(await (await fetchWorker(urlKey(media.url))).arrayBuffer());
    expect(stored).not.toEqual(IMAGES.gpsJpeg);
    expect(stored.length).toBe(IMAGES.gpsJpeg.length);
    // Its name is its content: the cleaned bytes, not the upload.
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", stored))].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(urlKey(media.url)).toBe(`/media/${digest}.jpg`);
  });

  it("answers 415 for a file that isn't an image, whatever its name and type claim", async () => {
    for (const file of [
      new File(["not an image at all"], "photo.png", { type: "image/png" }),
      new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], "logo.svg", { type: "image/svg+xml" }),
    ]) {
      const response = await upload({ file, alt: "Something" });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: "unsupported_media_type", fields: { file: expect.stringContaining("not a JPEG, PNG") } } });
    }
  });

  it("answers 413 for an image over 10 MB, by its size or the request's", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(IMAGES.png);
    const response = await upload({ file: imageFile(big, "big.png"), alt: "Big" });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "payload_too_large", message: expect.stringContaining("10 MB") } });
    const declared = await adminFetch("/media", {
      method: "POST",
      body: "x",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(11 * 1024 * 1024) },
    });
    expect(declared.status).toBe(413);
  });

  it("answers 422 without alt text or without a file, 415 for a body that isn't multipart", async () => {
    const noAlt = await upload({ file: imageFile(IMAGES.png, "a.png"), alt: "  " });
    expect(noAlt.status).toBe(422);
    expect(await noAlt.json()).toMatchObject({ error: { code: "validation_failed", fields: { alt: expect.stringContaining("alt text") } } });
    const noFile = await upload({ alt: "Something" });
    expect(noFile.status).toBe(422);
    expect(await noFile.json()).toMatchObject({ error: { fields: { file: expect.any(String) } } });
    expect((await adminFetch("/media", { method: "POST", json: { alt: "x" } })).status).toBe(415);
  });

  it("needs the owner's token", async () => {
    expect((await upload({ file: imageFile(IMAGES.png, "a.png"), alt: "x" }, { Authorization: "" })).status).toBe(401);
  });

  it("says uploads are off (503) without an R2 bucket, and serves no media", async () => {
    const { MEDIA: _, ...withoutBucket } = env;
    const form = new FormData();
    form.append("file", imageFile(IMAGES.png, "a.png"));
    form.append("alt", "x");
    const response = await app.request(
      "/api/admin/media",
      { method: "POST", body: form, headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } },
      withoutBucket,
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "media_disabled" } });
    const listed = await app.request("/api/admin/media", { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } }, withoutBucket);
    expect(await listed.json()).toMatchObject({ uploads: false });
    expect((await app.request(`/media/${"0".repeat(64)}.png`, {}, withoutBucket)).status).toBe(404);
  });
});

describe("GET /media/:key", () => {
  it("is 404 for a key that isn't stored or isn't a media key", async () => {
    for (const path of [`/media/${"a".repeat(64)}.png`, "/media/../wrangler.toml", `/media/${"a".repeat(64)}.svg`, "/media/x.png"]) {
      expect((await fetchWorker(path)).status, path).toBe(404);
    }
  });
});
