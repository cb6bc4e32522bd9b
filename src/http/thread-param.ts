import type { Context } from "hono";
import { isOutsideThreadId, outsideSlug, THREAD_ID_RULE } from "../domain/thread-ids.ts";
import { AppError } from "./errors.ts";

/** The slug of the outside thread a route's `:thread` names (decoded from the path); 400 for an id no page can give. */
export function threadSlug(c: Context): string {
  const id = c.req.param("thread") ?? "";
  if (!isOutsideThreadId(id)) throw new AppError(400, "invalid_thread", THREAD_ID_RULE);
  return outsideSlug(id);
}
