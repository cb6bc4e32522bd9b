import type { Context, MiddlewareHandler } from "hono";
import * as z from "zod/mini";
import { fieldErrors } from "../domain/text-fields.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "./errors.ts";
import { readForm, readJson } from "./request-body.ts";

/** 422 naming each failing field of a request body. */
export const invalidPayload = (fields: Record<string, string>) => new AppError(422, "validation_failed", "Some fields need attention.", { fields });

type Target = "json" | "form" | "query";

/** What a request body or query string holds before validation, read the way every route reads it. */
function readTarget(c: Context, target: Target): Promise<unknown> | unknown {
  if (target === "json") return readJson(c);
  if (target === "form") return readForm(c);
  return c.req.query();
}

/** What a route answers instead when the input is invalid; by default the one error shape. */
export type OnInvalid = (fields: Record<string, string>, c: Context<AppEnv>) => Response | Promise<Response>;

/**
 * The one way input is validated: the JSON body, form or query string is read
 * (400 for bad JSON or UTF-8), checked by `schema`, and handed to the route as
 * `c.req.valid(target)`. Invalid bodies are 422 and invalid query strings 400,
 * each naming the failing fields, unless the route answers them itself.
 */
export function validated<T extends Target, S extends z.ZodMiniType>(
  target: T,
  schema: S,
  onInvalid?: OnInvalid,
): MiddlewareHandler<AppEnv, string, { out: { [K in T]: z.output<S> } }> {
  return async (c, next) => {
    const parsed = schema.safeParse(await readTarget(c, target));
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      if (onInvalid) return onInvalid(fields, c);
      if (target === "query") throw new AppError(400, "invalid_query", "The query parameters are not valid.", { fields });
      throw invalidPayload(fields);
    }
    c.req.addValidatedData(target, parsed.data as object);
    await next();
  };
}

/** `?page=N` on paged lists and feeds: a whole number from 1, or absent. */
export const pageQuery = z.object({
  page: z.optional(z.pipe(z.coerce.number("page must be a number."), z.int("page must be a whole number.").check(z.positive("page counts from 1.")))),
});
