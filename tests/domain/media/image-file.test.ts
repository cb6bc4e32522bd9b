import { describe, expect, it } from "vitest";
import { imageInfo } from "../../../src/domain/media/image-file.ts";
import { IMAGE_HEIGHT, IMAGE_WIDTH, IMAGES } from "../../images.ts";

const text = (value: string) => new TextEncoder().encode(value);

describe("imageInfo", () => {
  it.each([
    ["baseline JPEG", IMAGES.jpeg, "image/jpeg"],
    ["progressive JPEG", IMAGES.progressiveJpeg, "image/jpeg"],
    ["JPEG with EXIF", IMAGES.gpsJpeg, "image/jpeg"],
    ["PNG", IMAGES.png, "image/png"],
    ["GIF", IMAGES.gif, "image/gif"],
    ["lossy WebP (VP8)", IMAGES.lossyWebp, "image/webp"],
    ["lossless WebP (VP8L)", IMAGES.losslessWebp, "image/webp"],
    ["extended WebP (VP8X)", IMAGES.gpsWebp, "image/webp"],
    ["AVIF", IMAGES.avif, "image/avif"],
    ["AVIF with EXIF", IMAGES.gpsAvif, "image/avif"],
  ])("reads the format and size of a %s from its bytes", (_, bytes, type) => {
    expect(imageInfo(bytes)).toEqual({ type, width: IMAGE_WIDTH, height: IMAGE_HEIGHT });
  });

  it("reads sizes past a byte (big-endian PNG, 24-bit WebP canvas, 16-bit JPEG and GIF)", () => {
    const png = IMAGES.png.slice();
    new DataView(png.buffer).setUint32(16, 70_000);
    new DataView(png.buffer).setUint32(20, 300);
    expect(imageInfo(png)).toMatchObject({ width: 70_000, height: 300 });
    const webp = IMAGES.gpsWebp.slice();
    webp.set([0x3f, 0x42, 0x0f], 24); // 999,999 + 1
    expect(imageInfo(webp)).toMatchObject({ width: 1_000_000, height: IMAGE_HEIGHT });
    const gif = IMAGES.gif.slice();
    gif.set([0x00, 0x10], 6);
    expect(imageInfo(gif)).toMatchObject({ width: 4096 });
  });

  it("is undefined for what isn't a supported image, whatever it is called", () => {
    expect(imageInfo(text("just some text, named photo.png"))).toBeUndefined();
    expect(imageInfo(text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toBeUndefined();
    expect(imageInfo(text("%PDF-1.7\n"))).toBeUndefined();
    expect(imageInfo(new Uint8Array())).toBeUndefined();
    // An MP4 is ISO BMFF too, but not an AVIF brand.
    expect(imageInfo(new Uint8Array([0, 0, 0, 16, ...text("ftypisom"), 0, 0, 0, 0]))).toBeUndefined();
  });

  it("is undefined for a truncated header or a zero size", () => {
    for (const bytes of [IMAGES.png, IMAGES.jpeg, IMAGES.lossyWebp, IMAGES.avif, IMAGES.gif]) {
      expect(imageInfo(bytes.slice(0, 9))).toBeUndefined();
    }
    const png = IMAGES.png.slice();
    new DataView(png.buffer).setUint32(16, 0);
    expect(imageInfo(png)).toBeUndefined();
  });
});
