import { describe, expect, it } from "vitest";
import { imageInfo } from "../../../src/domain/media/image-file.ts";
import { withoutLocation } from "../../../src/domain/media/image-location.ts";
import { IMAGES } from "../../images.ts";

/** The latitude the fixtures carry, 51/1 30/1 0/1, as EXIF RATIONALs in either byte order. */
const LATITUDE = [51, 1, 30, 1].flatMap((n) => [0, 0, 0, n]);
const LATITUDE_LE = [51, 1, 30, 1].flatMap((n) => [n, 0, 0, 0]);

function contains(bytes: Uint8Array, needle: number[] | string): boolean {
  const pattern = typeof needle === "string" ? [...new TextEncoder().encode(needle)] : needle;
  outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}
const hasLatitude = (bytes: Uint8Array) => contains(bytes, LATITUDE) || contains(bytes, LATITUDE_LE);

describe("withoutLocation", () => {
  it.each([
    ["JPEG", IMAGES.gpsJpeg],
    ["PNG", IMAGES.gpsPng],
    ["WebP", IMAGES.gpsWebp],
    ["AVIF", IMAGES.gpsAvif],
  ])("blanks the GPS position in a %s's EXIF, keeps the other tags and the image's layout", (_, upload) => {
    expect(hasLatitude(upload)).toBe(true);
    const result = withoutLocation(upload);
    if (!("bytes" in result)) throw new Error("refused");
    expect(result.removed).toBe(true);
    expect(hasLatitude(result.bytes)).toBe(false);
    expect(contains(result.bytes, "WirepostCam")).toBe(true);
    expect(result.bytes.length).toBe(upload.length);
    expect(imageInfo(result.bytes)).toEqual(imageInfo(upload));
    expect(hasLatitude(upload)).toBe(true); // the upload itself is left alone
  });

  it("recomputes the PNG chunk checksum it changed", () => {
    const result = withoutLocation(IMAGES.gpsPng) as { bytes: Uint8Array };
    const changed = [...result.bytes.keys()].filter((i) => result.bytes[i] !== IMAGES.gpsPng[i]);
    const view = new DataView(result.bytes.buffer, result.bytes.byteOffset);
    // The last bytes changed are the eXIf chunk's CRC, which must match what zlib's CRC-32 gives.
    const exif = new TextDecoder("latin1").decode(result.bytes).indexOf("eXIf");
    const length = view.getUint32(exif - 4);
    expect(Math.max(...changed)).toBeLessThan(exif + 4 + length + 4);
    expect(Math.max(...changed)).toBeGreaterThanOrEqual(exif + 4 + length);
  });

  it("changes nothing in images without location", () => {
    for (const upload of [IMAGES.jpeg, IMAGES.png, IMAGES.gif, IMAGES.lossyWebp, IMAGES.losslessWebp, IMAGES.avif]) {
      expect(withoutLocation(upload)).toEqual({ bytes: upload, removed: false });
    }
  });

  it("drops a JPEG XMP packet that mentions GPS, and keeps the rest of the file", () => {
    const xmp = new TextEncoder().encode(
      'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude="51,30.0N" exif:GPSLongitude="0,7.0W"/></x:xmpmeta>',
    );
    const segment = [0xff, 0xe1, (xmp.length + 2) >> 8, (xmp.length + 2) & 0xff, ...xmp];
    const upload = new Uint8Array([...IMAGES.jpeg.subarray(0, 2), ...segment, ...IMAGES.jpeg.subarray(2)]);
    const result = withoutLocation(upload);
    expect(result).toEqual({ bytes: IMAGES.jpeg, removed: true });
  });

  it("refuses what it can't clean: location as text in other formats, an EXIF block it can't read", () => {
    const png = new Uint8Array([...IMAGES.png, ...new TextEncoder().encode("<exif:GPSLongitude>0,7.0W</exif:GPSLongitude>")]);
    expect(withoutLocation(png)).toEqual({ unremovable: true });
    const broken = IMAGES.gpsJpeg.slice();
    const exif = new TextDecoder("latin1").decode(broken).indexOf("Exif\0\0");
    broken.set([0x4d, 0x4d, 0, 42, 0xff, 0xff, 0xff, 0], exif + 6); // IFD0 far past the end
    expect(withoutLocation(broken)).toEqual({ unremovable: true });
  });
});
