/**
 * Workers Cache purges are rate-limited per account (Cloudflare's free-tier
 * purge limits apply to every plan: about 5 a minute, a burst of 25, at most
 * 100 tags each). This is the budget wirepost keeps inside those limits, with
 * room to spare for purges made by hand: a token bucket. A write purges at
 * once while a token is left; otherwise its tags wait, with every other
 * write's, for the next token, and go out together in one purge.
 */

/** Purges that may go out back to back. */
export const PURGE_BURST = 5;
/** One more purge may go out after each such interval. */
export const PURGE_INTERVAL_MS = 15_000;
/** Tags per purge call; past this many waiting, one purge of everything is cheaper. */
export const MAX_TAGS_PER_PURGE = 100;

export interface PurgeBudget {
  /** Purges that may go out now (fractional while refilling). */
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  updatedAt: number;
  /** Tags waiting for the next purge. */
  waiting: string[];
}

export const fullBudget = (now: number): PurgeBudget => ({ tokens: PURGE_BURST, updatedAt: now, waiting: [] });

function refilled(budget: PurgeBudget, now: number): PurgeBudget {
  const earned = Math.max(0, now - budget.updatedAt) / PURGE_INTERVAL_MS;
  return { ...budget, tokens: Math.min(PURGE_BURST, budget.tokens + earned), updatedAt: now };
}

/** What to purge now (everything waiting, `tags` included) or nothing yet, and when the waiting tags may go out. */
export interface Claim {
  budget: PurgeBudget;
  purgeNow: string[];
  /** When to try again for the tags left waiting (ms), or null if none wait. */
  retryAt: number | null;
}

export function claim(budget: PurgeBudget, tags: string[], now: number): Claim {
  const current = refilled(budget, now);
  const waiting = [...new Set([...current.waiting, ...tags])];
  if (waiting.length === 0) return { budget: { ...current, waiting }, purgeNow: [], retryAt: null };
  if (current.tokens >= 1) return { budget: { ...current, tokens: current.tokens - 1, waiting: [] }, purgeNow: waiting, retryAt: null };
  return { budget: { ...current, waiting }, purgeNow: [], retryAt: now + Math.ceil((1 - current.tokens) * PURGE_INTERVAL_MS) };
}

/** A purge Cloudflare refused (rate-limited): its tags wait again, and nothing goes out before a full interval. */
export function refused(budget: PurgeBudget, tags: string[], now: number): Claim {
  const waiting = [...new Set([...budget.waiting, ...tags])];
  return { budget: { tokens: 0, updatedAt: now, waiting }, purgeNow: [], retryAt: now + PURGE_INTERVAL_MS };
}
