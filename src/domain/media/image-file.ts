import type { ImageType } from "./media-keys.ts";

/** What an image's own bytes say it is: its format (from its signature, never its name) and its size in pixels. */
export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));
const u16be = (bytes: Uint8Array, at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
const u16le = (bytes: Uint8Array, at: number) => bytes[at]! | (bytes[at + 1]! << 8);
const u24le = (bytes: Uint8Array, at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
export const u32be = (bytes: Uint8Array, at: number) => ((bytes[at]! << 24) >>> 0) + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const isPng = (bytes: Uint8Array) => bytes.length >= 8 && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
export const isJpeg = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
export const isWebp = (bytes: Uint8Array) => bytes.length >= 16 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP";
const isGif = (bytes: Uint8Array) => bytes.length >= 10 && (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a");

/** PNG: the IHDR chunk, always first. */
function pngSize(bytes: Uint8Array) {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== "IHDR") return undefined;
  return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

/** GIF: the logical screen descriptor. */
const gifSize = (bytes: Uint8Array) => ({ width: u16le(bytes, 6), height: u16le(bytes, 8) });

// Start-of-frame markers (baseline, progressive, lossless, arithmetic…); C4, C8 and CC are not frames.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** The JPEG's segments before its image data: marker and where its payload (after the length) starts and ends. */
export function* jpegSegments(bytes: Uint8Array): Generator<{ marker: number; start: number; payload: number; end: number }> {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return; // end of image, start of scan: no more headers
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = u16be(bytes, at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return;
    yield { marker, start: at, payload: at + 4, end: at + 2 + length };
    at += 2 + length;
  }
}

/** JPEG: the first start-of-frame segment (precision, height, width). */
function jpegSize(bytes: Uint8Array) {
  for (const segment of jpegSegments(bytes)) {
    if (SOF.has(segment.marker) && segment.end - segment.payload >= 5) {
      return { width: u16be(bytes, segment.payload + 3), height: u16be(bytes, segment.payload + 1) };
    }
  }
  return undefined;
}

/** WebP: the canvas of an extended file, or the frame header of a simple lossy or lossless one. */
function webpSize(bytes: Uint8Array) {
  if (bytes.length < 30) return undefined;
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8X") return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
  if (chunk === "VP8 " && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  }
  if (chunk === "VP8L" && bytes[20] === 0x2f) {
    const bits = (bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

/** An ISO BMFF box (AVIF is one): its type and where its content starts and ends. */
export interface Box {
  type: string;
  start: number;
  content: number;
  end: number;
}

/** The boxes laid one after another in `bytes[from, to)`. */
export function* boxes(bytes: Uint8Array, from: number, to: number): Generator<Box> {
  let at = from;
  while (at + 8 <= to) {
    let size = u32be(bytes, at);
    let content = at + 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = u32be(bytes, at + 8) * 2 ** 32 + u32be(bytes, at + 12);
      content = at + 16;
    } else if (size === 0) size = to - at;
    if (size < content - at || at + size > to) return;
    yield { type: ascii(bytes, at + 4, 4), start: at, content, end: at + size };
    at += size;
  }
}

export const childBox = (bytes: Uint8Array, parent: Box | undefined, type: string, fullBox = false): Box | undefined => {
  if (!parent) return undefined;
  for (const box of boxes(bytes, parent.content + (fullBox ? 4 : 0), parent.end)) if (box.type === type) return box;
  return undefined;
};

/** AVIF's `meta` box, if the file's brands say it is AVIF. */
export function avifMeta(bytes: Uint8Array): Box | undefined {
  const [ftyp] = boxes(bytes, 0, Math.min(bytes.length, 4096));
  if (ftyp?.type !== "ftyp") return undefined;
  const brands = [ascii(bytes, ftyp.content, 4)];
  for (let at = ftyp.content + 8; at + 4 <= ftyp.end; at += 4) brands.push(ascii(bytes, at, 4));
  if (!brands.includes("avif") && !brands.includes("avis")) return undefined;
  for (const box of boxes(bytes, ftyp.end, bytes.length)) if (box.type === "meta") return box;
  return undefined;
}

/** The item ids and 1-based property indices of an `ipma` box. */
function* propertyAssociations(bytes: Uint8Array, ipma: Box): Generator<{ item: number; property: number }> {
  const version = bytes[ipma.content]!;
  const wide = (bytes[ipma.content + 3]! & 1) === 1;
  let at = ipma.content + 4;
  const entries = u32be(bytes, at);
  at += 4;
  for (let entry = 0; entry < entries && at < ipma.end; entry++) {
    const item = version < 1 ? u16be(bytes, at) : u32be(bytes, at);
    at += version < 1 ? 2 : 4;
    const count = bytes[at]!;
    at += 1;
    for (let i = 0; i < count && at < ipma.end; i++) {
      yield { item, property: wide ? u16be(bytes, at) & 0x7fff : bytes[at]! & 0x7f };
      at += wide ? 2 : 1;
    }
  }
}

/** AVIF: the `ispe` (image spatial extents) property of the primary item (else the first one). */
function avifSize(bytes: Uint8Array) {
  const meta = avifMeta(bytes);
  const iprp = childBox(bytes, meta, "iprp", true);
  const ipco = childBox(bytes, iprp, "ipco");
  if (!meta || !ipco) return undefined;
  const properties = [...boxes(bytes, ipco.content, ipco.end)];
  const pitm = childBox(bytes, meta, "pitm", true);
  const ipma = childBox(bytes, iprp, "ipma");
  let ispe = properties.find((box) => box.type === "ispe");
  if (pitm && ipma) {
    const primary = bytes[pitm.content] === 0 ? u16be(bytes, pitm.content + 4) : u32be(bytes, pitm.content + 4);
    for (const { item, property } of propertyAssociations(bytes, ipma)) {
      if (item === primary && properties[property - 1]?.type === "ispe") ispe = properties[property - 1];
    }
  }
  if (!ispe || ispe.end - ispe.content < 12) return undefined;
  return { width: u32be(bytes, ispe.content + 4), height: u32be(bytes, ispe.content + 8) };
}

const READERS: [ImageType, (bytes: Uint8Array) => boolean, (bytes: Uint8Array) => { width: number; height: number } | undefined][] = [
  ["image/jpeg", isJpeg, jpegSize],
  ["image/png", isPng, pngSize],
  ["image/gif", isGif, gifSize],
  ["image/webp", isWebp, webpSize],
  ["image/avif", (bytes) => avifMeta(bytes) !== undefined, avifSize],
];

/**
 * The image's format and size, read from its own bytes: JPEG, PNG, GIF, WebP
 * or AVIF. Undefined for anything else, or a file whose header can't be read
 * (a renamed document, a truncated download, an SVG, which can carry script).
 */
export function imageInfo(bytes: Uint8Array): ImageInfo | undefined {
  for (const [type, matches, size] of READERS) {
    if (!matches(bytes)) continue;
    try {
      const found = size(bytes);
      return found && found.width > 0 && found.height > 0 ? { type, ...found } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
