import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ARTICLES_TAG } from "../domain/cache-tags.ts";

export interface AppErrorOptions {
  /** Per-field messages, for validation failures. */
  fields?: Record<string, string>;
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  /**
   * For an answer that is the same for everyone and only changes when these
   * cache tags do (a 404 for an unpublished article): the edge may keep it
   * briefly. Any other error is never stored.
   */
  cacheTags?: string[];
  /** When such an answer changes by the clock alone (a scheduled article's time): it is kept no longer. */
  expiresAt?: Date | undefined;
}

/**
 * An expected failure with a stable machine-readable code: `/api` answers it as
 * `{ "error": { "code", "message", "fields"? } }`, browsers get an HTML page.
 */
export class AppError extends HTTPException {
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string>;
  readonly cacheTags: string[] | undefined;
  readonly expiresAt: Date | undefined;

  constructor(status: ContentfulStatusCode, code: string, message: string, options: AppErrorOptions = {}) {
    super(status, { message });
    this.code = code;
    this.fields = options.fields;
    this.headers = options.headers ?? {};
    this.cacheTags = options.cacheTags;
    this.expiresAt = options.expiresAt;
  }
}

/** Not found: publishing (which purges `cacheTags`, by default every article list) is what could change that. */
export const notFound = (what = "Page", cacheTags = [ARTICLES_TAG], expiresAt?: Date) =>
  new AppError(404, "not_found", `${what} not found.`, { cacheTags, expiresAt });

export function errorBody(error: AppError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
}
