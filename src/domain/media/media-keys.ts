/** The image formats the media library takes (never SVG, which can carry script). */
export const imageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"] as const;
export type ImageType = (typeof imageTypes)[number];

/** The file extension each format's keys end in. */
const IMAGE_EXTENSIONS: Record<ImageType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/avif": "avif",
};

/** The largest upload the media library takes. */
export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
export const MAX_MEDIA_LABEL = "10 MB";

/** Where the Worker serves stored images: `/media/<sha256>.<ext>`. */
const MEDIA_PREFIX = "/media/";
const KEY = /^[0-9a-f]{64}\.(jpg|png|gif|webp|avif)$/;

/** Browsers and caches keep a stored image for a year: its key is its content, so it never changes. */
export const MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable";

export const mediaPath = (key: string) => `${MEDIA_PREFIX}${key}`;

/** The key of a media URL or path (`/media/<key>`, absolute or not), if it is one. */
export function mediaKeyOf(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url, "https://relative.invalid").pathname;
  } catch {
    return undefined;
  }
  const key = path.startsWith(MEDIA_PREFIX) ? path.slice(MEDIA_PREFIX.length) : "";
  return KEY.test(key) ? key : undefined;
}

/** The content type a stored key is served with: from its extension, never from what an upload claimed. */
export function typeOfKey(key: string): ImageType | undefined {
  if (!KEY.test(key)) return undefined;
  const extension = key.slice(key.lastIndexOf(".") + 1);
  return imageTypes.find((type) => IMAGE_EXTENSIONS[type] === extension);
}

/** A content-addressed key: the SHA-256 of the stored bytes, so the same image is stored once and never changes. */
export async function mediaKey(bytes: Uint8Array, type: ImageType): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `${[...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("")}.${IMAGE_EXTENSIONS[type]}`;
}

/** What an article keeps of its featured image: a copy of its media record (stored images never change). */
export interface FeaturedImage {
  key: string;
  alt: string;
  type: ImageType;
  bytes: number;
  width: number;
  height: number;
}

const RESPONSIVE_WIDTHS = [480, 800, 1200, 1600];

/**
 * A `srcset` of Cloudflare Images resizings of a stored image (only where the
 * zone has transformations on), never wider than the original, which is the
 * last candidate.
 */
export function responsiveSrcset(key: string, width: number): string {
  const path = mediaPath(key);
  return [
    ...RESPONSIVE_WIDTHS.filter((candidate) => candidate < width).map(
      (candidate) => `/cdn-cgi/image/width=${candidate},fit=scale-down,format=auto${path} ${candidate}w`,
    ),
    `${path} ${width}w`,
  ].join(", ");
}
