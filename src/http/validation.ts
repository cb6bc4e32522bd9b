import type { Context } from "hono";
import type * as z from "zod/mini";
import { fieldErrors } from "../domain/validation.ts";
import { AppError } from "./errors.ts";

/** 422 naming each failing field of a request body. */
export const invalidPayload = (fields: Record<string, string>) => new AppError(422, "validation_failed", "Some fields need attention.", { fields });

/** The query string, validated by `schema`; 400 naming each bad parameter. */
export function parseQuery<T extends z.ZodMiniType>(c: Context, schema: T): z.output<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    throw new AppError(400, "invalid_query", "The query parameters are not valid.", { fields: fieldErrors(parsed.error) });
  }
  return parsed.data;
}
