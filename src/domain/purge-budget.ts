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

/**
 * Each purge goes out once more this long after: a miss already running when
 * it went out (rendered from the data before the write) may have stored
 * what it purged again. Echoes are not echoed.
 */
export const ECHO_AFTER_MS = 10_000;

export interface PurgeBudget {
  /** Purges that may go out now (fractional while refilling). */
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  updatedAt: number;
  /** Tags waiting for the next purge. */
  waiting: string[];
  /** Tags purged lately, to purge once more from `echoAt` (ms). */
  echo: string[];
  echoAt: number | null;
}

export const fullBudget = (now: number): PurgeBudget => ({ tokens: PURGE_BURST, updatedAt: now, waiting: [], echo: [], echoAt: null });

const union = (...lists: string[][]) => [...new Set(lists.flat())];

function refilled(budget: PurgeBudget, now: number): PurgeBudget {
  const earned = Math.max(0, now - budget.updatedAt) / PURGE_INTERVAL_MS;
  return { ...budget, tokens: Math.min(PURGE_BURST, budget.tokens + earned), updatedAt: now };
}

/** What to purge now (everything due, `tags` included) or nothing yet, and when to come back for what is left. */
export interface Claim {
  budget: PurgeBudget;
  purgeNow: string[];
  /** When to try again for the tags left waiting or to echo (ms), or null if there are none. */
  retryAt: number | null;
}

/** When what is left in `budget` can next go out, if anything is. */
function nextAt(budget: PurgeBudget, now: number): number | null {
  const tokenAt = budget.tokens >= 1 ? now : now + Math.ceil((1 - budget.tokens) * PURGE_INTERVAL_MS);
  const candidates = [budget.waiting.length > 0 ? tokenAt : null, budget.echoAt === null ? null : Math.max(budget.echoAt, tokenAt)];
  const times = candidates.filter((time) => time !== null);
  return times.length > 0 ? Math.min(...times) : null;
}

export function claim(budget: PurgeBudget, tags: string[], now: number): Claim {
  const current = refilled(budget, now);
  const fresh = union(current.waiting, tags);
  const echoDue = current.echoAt !== null && now >= current.echoAt ? current.echo : [];
  if (current.tokens < 1 || fresh.length + echoDue.length === 0) {
    const waiting = { ...current, waiting: fresh };
    return { budget: waiting, purgeNow: [], retryAt: nextAt(waiting, now) };
  }
  const echo = union(echoDue.length > 0 ? [] : current.echo, fresh);
  const after: PurgeBudget = {
    tokens: current.tokens - 1,
    updatedAt: now,
    waiting: [],
    echo,
    echoAt: echo.length === 0 ? null : fresh.length > 0 ? now + ECHO_AFTER_MS : current.echoAt,
  };
  return { budget: after, purgeNow: union(fresh, echoDue), retryAt: nextAt(after, now) };
}

/** A purge Cloudflare refused (rate-limited): its tags wait again, and nothing goes out before a full interval. */
export function refused(budget: PurgeBudget, tags: string[], now: number): Claim {
  const after = { ...budget, tokens: 0, updatedAt: now, waiting: union(budget.waiting, tags) };
  return { budget: after, purgeNow: [], retryAt: now + PURGE_INTERVAL_MS };
}
