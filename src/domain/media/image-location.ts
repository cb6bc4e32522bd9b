import { avifMeta, type Box, boxes, childBox, isJpeg, isPng, isWebp, jpegSegments, u32be } from "./image-file.ts";

/**
 * Photos from phones carry where they were taken in their EXIF (the GPS IFD)
 * and sometimes in XMP. A newsroom must not publish a source's address by
 * accident, so uploads lose it: the GPS IFD is blanked in place (every other
 * tag, orientation included, is kept, and the file's layout doesn't move), and
 * JPEG XMP packets that mention GPS are dropped. What can't be removed safely
 * refuses the upload.
 */
export type LocationResult = { bytes: Uint8Array; removed: boolean } | { unremovable: true };

const GPS_IFD_TAG = 0x8825;
// Bytes per value of each TIFF field type (1 BYTE … 13 IFD).
const TYPE_SIZES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

type Cleared = "none" | "cleared" | "unreadable";

/** Blanks the GPS IFD of a TIFF structure (an EXIF block), in place. */
function clearGpsIfd(tiff: Uint8Array): Cleared {
  if (tiff.length < 8) return "unreadable";
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== "II" && order !== "MM") return "unreadable";
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = order === "II";
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  try {
    if (u16(2) !== 42) return "unreadable";
    const ifd0 = u32(4);
    const entries = u16(ifd0);
    let gps: number | undefined;
    for (let i = 0; i < entries; i++) {
      const entry = ifd0 + 2 + i * 12;
      if (u16(entry) === GPS_IFD_TAG) gps = u32(entry + 8);
    }
    if (gps === undefined) return "none";
    const count = u16(gps);
    if (gps + 6 + count * 12 > tiff.length) return "unreadable";
    for (let i = 0; i < count; i++) {
      const entry = gps + 2 + i * 12;
      const size = (TYPE_SIZES[u16(entry + 2)] ?? 0) * u32(entry + 4);
      if (size <= 4) continue; // the value sits inside the entry, blanked below
      const at = u32(entry + 8);
      if (at + size > tiff.length) return "unreadable";
      tiff.fill(0, at, at + size);
    }
    // No entries, and no next IFD: an empty GPS IFD, still valid for every reader.
    tiff.fill(0, gps, gps + 6 + count * 12);
    return "cleared";
  } catch {
    return "unreadable"; // an offset past the end
  }
}

const EXIF_HEADER = "Exif\0\0";
const XMP_HEADERS = ["http://ns.adobe.com/xap/1.0/\0", "http://ns.adobe.com/xmp/extension/\0"];
const latin1 = new TextDecoder("latin1");
const textOf = (bytes: Uint8Array) => latin1.decode(bytes);
const MENTIONS_LOCATION = /GPS(Latitude|Longitude)/;

/** JPEG: APP1 EXIF blocks blanked in place; APP1 XMP packets that mention GPS dropped (metadata only: the image is whole without them). */
function jpegWithoutLocation(bytes: Uint8Array): { cleared: Cleared; bytes: Uint8Array } {
  let cleared: Cleared = "none";
  const dropped: [number, number][] = [];
  for (const segment of jpegSegments(bytes)) {
    if (segment.marker !== 0xe1) continue;
    const head = textOf(bytes.subarray(segment.payload, segment.payload + 35));
    if (head.startsWith(EXIF_HEADER)) {
      const result = clearGpsIfd(bytes.subarray(segment.payload + EXIF_HEADER.length, segment.end));
      if (result === "unreadable") return { cleared: result, bytes };
      if (result === "cleared") cleared = result;
    } else if (XMP_HEADERS.some((header) => head.startsWith(header)) && MENTIONS_LOCATION.test(textOf(bytes.subarray(segment.payload, segment.end)))) {
      dropped.push([segment.start, segment.end]);
    }
  }
  if (dropped.length === 0) return { cleared, bytes };
  const kept: Uint8Array[] = [];
  let at = 0;
  for (const [start, end] of dropped) {
    kept.push(bytes.subarray(at, start));
    at = end;
  }
  kept.push(bytes.subarray(at));
  const result = new Uint8Array(kept.reduce((total, part) => total + part.length, 0));
  let write = 0;
  for (const part of kept) {
    result.set(part, write);
    write += part.length;
  }
  return { cleared: "cleared", bytes: result };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** PNG: the `eXIf` chunk, whose checksum is then recomputed. */
function pngWithoutLocation(bytes: Uint8Array): Cleared {
  let result: Cleared = "none";
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = u32be(bytes, at);
    const end = at + 12 + length;
    if (end > bytes.length) return "unreadable";
    if (textOf(bytes.subarray(at + 4, at + 8)) === "eXIf") {
      const cleared = clearGpsIfd(bytes.subarray(at + 8, at + 8 + length));
      if (cleared === "unreadable") return cleared;
      if (cleared === "cleared") {
        new DataView(bytes.buffer, bytes.byteOffset).setUint32(at + 8 + length, crc32(bytes.subarray(at + 4, at + 8 + length)));
        result = cleared;
      }
    }
    at = end;
  }
  return result;
}

/** WebP: the RIFF `EXIF` chunk (some writers keep JPEG's "Exif" header in it). */
function webpWithoutLocation(bytes: Uint8Array): Cleared {
  let result: Cleared = "none";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = view.getUint32(at + 4, true);
    const data = bytes.subarray(at + 8, at + 8 + size);
    if (textOf(bytes.subarray(at, at + 4)) === "EXIF") {
      const tiff = textOf(data.subarray(0, 6)) === EXIF_HEADER ? data.subarray(6) : data;
      const cleared = clearGpsIfd(tiff);
      if (cleared === "unreadable") return cleared;
      if (cleared === "cleared") result = cleared;
    }
    at += 8 + size + (size % 2);
  }
  return result;
}

/** Reads an unsigned big-endian integer of 0, 4 or 8 bytes (ISO BMFF's variable-size fields). */
function sized(bytes: Uint8Array, at: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return u32be(bytes, at);
  if (size === 8) return u32be(bytes, at) * 2 ** 32 + u32be(bytes, at + 4);
  throw new RangeError(`field size ${size}`);
}

/** The ids of the `Exif` items listed in an AVIF's `iinf` box. */
function exifItemIds(bytes: Uint8Array, iinf: Box): number[] {
  const ids: number[] = [];
  const start = iinf.content + 4 + (bytes[iinf.content] === 0 ? 2 : 4);
  for (const infe of boxes(bytes, start, iinf.end)) {
    const version = bytes[infe.content]!;
    if (infe.type !== "infe" || version < 2) continue;
    const id = version === 2 ? (bytes[infe.content + 4]! << 8) | bytes[infe.content + 5]! : u32be(bytes, infe.content + 4);
    const typeAt = infe.content + (version === 2 ? 8 : 10);
    if (textOf(bytes.subarray(typeAt, typeAt + 4)) === "Exif") ids.push(id);
  }
  return ids;
}

/** Where each item's data sits in the file, from the `iloc` box (single extents, file offsets only). */
function itemLocations(bytes: Uint8Array, iloc: Box): Map<number, { offset: number; length: number }> {
  const locations = new Map<number, { offset: number; length: number }>();
  const version = bytes[iloc.content]!;
  let at = iloc.content + 4;
  const offsetSize = bytes[at]! >> 4;
  const lengthSize = bytes[at]! & 15;
  const baseOffsetSize = bytes[at + 1]! >> 4;
  const indexSize = version >= 1 ? bytes[at + 1]! & 15 : 0;
  at += 2;
  const u16 = (position: number) => (bytes[position]! << 8) | bytes[position + 1]!;
  const count = version < 2 ? u16(at) : u32be(bytes, at);
  at += version < 2 ? 2 : 4;
  for (let i = 0; i < count && at < iloc.end; i++) {
    const id = version < 2 ? u16(at) : u32be(bytes, at);
    at += version < 2 ? 2 : 4;
    const method = version >= 1 ? u16(at) & 15 : 0;
    if (version >= 1) at += 2;
    at += 2; // data reference index
    const base = sized(bytes, at, baseOffsetSize);
    at += baseOffsetSize;
    const extents = u16(at);
    at += 2;
    for (let e = 0; e < extents; e++) {
      at += indexSize;
      const offset = sized(bytes, at, offsetSize);
      const length = sized(bytes, at + offsetSize, lengthSize);
      at += offsetSize + lengthSize;
      if (method === 0 && extents === 1) locations.set(id, { offset: base + offset, length });
    }
  }
  return locations;
}

/** AVIF: each `Exif` item (a 4-byte offset to its TIFF header, then the block). */
function avifWithoutLocation(bytes: Uint8Array): Cleared {
  const meta = avifMeta(bytes);
  const iinf = childBox(bytes, meta, "iinf", true);
  if (!meta || !iinf) return "none";
  const ids = exifItemIds(bytes, iinf);
  if (ids.length === 0) return "none";
  const iloc = childBox(bytes, meta, "iloc", true);
  if (!iloc) return "unreadable";
  const locations = itemLocations(bytes, iloc);
  let result: Cleared = "none";
  for (const id of ids) {
    const location = locations.get(id);
    if (!location || location.offset + location.length > bytes.length || location.length < 4) return "unreadable";
    const tiff = bytes.subarray(location.offset + 4 + u32be(bytes, location.offset), location.offset + location.length);
    const cleared = clearGpsIfd(tiff);
    if (cleared === "unreadable") return cleared;
    if (cleared === "cleared") result = cleared;
  }
  return result;
}

/** The image without location metadata (a copy; the upload is never changed in place), or why it can't be. */
export function withoutLocation(upload: Uint8Array): LocationResult {
  let bytes: Uint8Array = upload.slice();
  let cleared: Cleared = "none";
  try {
    if (isJpeg(bytes)) ({ cleared, bytes } = jpegWithoutLocation(bytes));
    else if (isPng(bytes)) cleared = pngWithoutLocation(bytes);
    else if (isWebp(bytes)) cleared = webpWithoutLocation(bytes);
    else if (avifMeta(bytes)) cleared = avifWithoutLocation(bytes);
  } catch {
    cleared = "unreadable";
  }
  // Whatever the format, location written out as text (XMP elsewhere) that is still there refuses the upload.
  if (cleared === "unreadable" || MENTIONS_LOCATION.test(textOf(bytes))) return { unremovable: true };
  return { bytes, removed: cleared === "cleared" };
}
