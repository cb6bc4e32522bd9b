import type { Context } from "hono";

/**
 * Runs `work` after the response is sent (`waitUntil`). Without an execution
 * context (the app called directly, as some tests do) it is awaited instead.
 */
export async function afterResponse(c: Context, work: Promise<unknown>): Promise<void> {
  let ctx: { waitUntil(work: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(work);
  else await work;
}
