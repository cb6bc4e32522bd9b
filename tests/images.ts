import gpsAvif from "./fixtures/images/gps.avif?inline";
import gpsJpeg from "./fixtures/images/gps.jpg?inline";
import gpsPng from "./fixtures/images/gps.png?inline";
import gpsWebp from "./fixtures/images/gps.webp?inline";
import avif from "./fixtures/images/image.avif?inline";
import gif from "./fixtures/images/image.gif?inline";
import jpeg from "./fixtures/images/image.jpg?inline";
import png from "./fixtures/images/image.png?inline";
import lossless from "./fixtures/images/lossless.webp?inline";
import lossy from "./fixtures/images/lossy.webp?inline";
import progressive from "./fixtures/images/progressive.jpg?inline";

/** The bytes of a `data:` URL (how Vite inlines a binary fixture). */
function bytesOf(dataUrl: string): Uint8Array<ArrayBuffer> {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(",") + 1));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

/**
 * Real encoders' output (sharp/libvips), 37 × 23 pixels each; the `gps` ones
 * carry EXIF with a camera make, an orientation and a GPS position.
 */
export const IMAGES = {
  jpeg: bytesOf(jpeg),
  progressiveJpeg: bytesOf(progressive),
  png: bytesOf(png),
  gif: bytesOf(gif),
  lossyWebp: bytesOf(lossy),
  losslessWebp: bytesOf(lossless),
  avif: bytesOf(avif),
  gpsJpeg: bytesOf(gpsJpeg),
  gpsPng: bytesOf(gpsPng),
  gpsWebp: bytesOf(gpsWebp),
  gpsAvif: bytesOf(gpsAvif),
};

export const IMAGE_WIDTH = 37;
export const IMAGE_HEIGHT = 23;

/** `bytes` as an upload, for multipart bodies. */
export const imageFile = (bytes: Uint8Array<ArrayBuffer>, name: string, type = "application/octet-stream") => new File([bytes], name, { type });
