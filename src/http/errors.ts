import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface AppErrorOptions {
  /** Per-field messages, for validation failures. */
  fields?: Record<string, string>;
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
}

/**
 * An expected failure with a stable machine-readable code: `/api` answers it as
 * `{ "error": { "code", "message", "fields"? } }`, browsers get an HTML page.
 */
export class AppError extends HTTPException {
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: string, message: string, options: AppErrorOptions = {}) {
    super(status, { message });
    this.code = code;
    this.fields = options.fields;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what = "Page") => new AppError(404, "not_found", `${what} not found.`);

export function errorBody(error: AppError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
}
