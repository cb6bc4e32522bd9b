import { DurableObject } from "cloudflare:workers";
import { type Claim, claim, fullBudget, type PurgeBudget, refused } from "../domain/purge-budget.ts";
import { FLUSH_HEADER, FLUSH_PATH, flushToken } from "./edge-cache.ts";

/**
 * The one place that knows how much of the purge budget is left (see
 * src/domain/purge-budget.ts): each write asks it whether to purge now, and
 * with which tags. Tags that must wait are kept (in storage, so they survive
 * an eviction) and an alarm is set for when the next purge may go out; the
 * alarm calls the Worker back to make it, because a purge only reaches the
 * cache of the entrypoint that makes it, and this object's is not the Worker's.
 */
export class CachePurges extends DurableObject<Env> {
  async #current(now: number): Promise<PurgeBudget> {
    return (await this.ctx.storage.get<PurgeBudget>("budget")) ?? fullBudget(now);
  }

  async #settle({ budget, purgeNow, retryAt }: Claim): Promise<string[]> {
    await this.ctx.storage.put("budget", budget);
    if (retryAt !== null) {
      const alarm = await this.ctx.storage.getAlarm();
      if (alarm === null || alarm > retryAt) await this.ctx.storage.setAlarm(retryAt);
    }
    return purgeNow;
  }

  /** Adds `tags` to the waiting ones; returns all of them if a purge may go out now (the caller makes it), else none. */
  async claim(tags: string[]): Promise<string[]> {
    const now = Date.now();
    return this.#settle(claim(await this.#current(now), tags, now));
  }

  /** A purge the caller made was refused: its tags wait again, after a pause. */
  async refused(tags: string[]): Promise<void> {
    const now = Date.now();
    await this.#settle(refused(await this.#current(now), tags, now));
  }

  override async alarm(): Promise<void> {
    const response = await this.ctx.exports.default.fetch(
      new Request(`https://wirepost.internal${FLUSH_PATH}`, { method: "POST", headers: { [FLUSH_HEADER]: await flushToken(this.env.HASH_KEY) } }),
    );
    // A failed alarm is retried by the runtime.
    if (!response.ok) throw new Error(`purge flush answered ${response.status}`);
  }
}
