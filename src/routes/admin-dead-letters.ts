import { Hono } from "hono";
import { deadLetterCount, deleteDeadLetters, listDeadLetters } from "../db/notifications.ts";
import type { Job } from "../domain/notifications/jobs.ts";
import type { AppEnv } from "../env.ts";

/**
 * `/api/admin/dead-letters` (mounted in the admin API, behind its token):
 * notification jobs that failed every retry. Listed, queued again once the
 * cause is fixed (a sender not yet verified, a webhook down), or dropped.
 */
export const deadLetterApi = new Hono<AppEnv>();

const SHOWN = 100;

deadLetterApi.get("/", async (c) => {
  const [count, rows] = await Promise.all([deadLetterCount(c.var.db), listDeadLetters(c.var.db, SHOWN)]);
  return c.json({
    count,
    deadLetters: rows.map((row) => ({ id: row.id, kind: row.kind, job: JSON.parse(row.job) as Job, failedAt: row.failedAt.toISOString() })),
  });
});

/** Queued again first, then forgotten: a failing queue loses none of them. */
deadLetterApi.post("/retry", async (c) => {
  const rows = await listDeadLetters(c.var.db, SHOWN);
  if (rows.length === 0) return c.json({ retried: 0 });
  await c.env.NOTIFICATIONS.sendBatch(rows.map((row) => ({ body: JSON.parse(row.job) as Job })));
  return c.json({
    retried: await deleteDeadLetters(
      c.var.db,
      rows.map((row) => row.id),
    ),
  });
});

deadLetterApi.delete("/", async (c) => c.json({ dropped: await deleteDeadLetters(c.var.db) }));
