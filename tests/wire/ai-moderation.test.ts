import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_SETTINGS } from "../discussion-helpers.ts";
import { type CreatedComment, newComment, nextClientIp, ORIGIN, sameIsolate, seedArticle } from "../helpers.ts";

// The local runtime has no Workers AI (every call would need the network and
// an account), so these tests give the Worker a fake `AI` binding: answers as
// the two models give them, late ones, and failures.

const SPAM_MODEL = "@cf/ibm-granite/granite-4.0-h-micro";
const ABUSE_MODEL = "@cf/meta/llama-guard-3-8b";

type Answer = { response: unknown } | Error;
interface FakeAi {
  answers: Record<string, Answer>;
  delayMs: number;
  calls: { model: string; inputs: Record<string, unknown> }[];
}

function fakeAi(answers: Record<string, Answer>, delayMs = 0): FakeAi & { binding: Ai } {
  const fake: FakeAi = { answers, delayMs, calls: [] };
  const run = async (model: string, inputs: Record<string, unknown>) => {
    fake.calls.push({ model, inputs });
    if (fake.delayMs) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
    const answer = fake.answers[model];
    if (!answer) throw new Error(`unexpected model ${model}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return Object.assign(fake, { binding: { run } as unknown as Ai });
}

const CLEAN = { [SPAM_MODEL]: { response: { spam: false, confidence: 0.97 } }, [ABUSE_MODEL]: { response: { safe: true } } };

let slug: string;
beforeAll(async () => {
  slug = (await seedArticle()).slug;
});
afterEach(() => vi.restoreAllMocks());

const adminHeaders = () => ({ Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() });

/** The Worker with this fake binding, as a request from outside would reach it (with an execution context for `waitUntil`). */
function withAi(ai: Ai | undefined) {
  const bindings = { ...env, AI: ai };
  return {
    async settings(patch: Record<string, unknown>) {
      const response = await sameIsolate.request(
        `${ORIGIN}/api/admin/settings`,
        { method: "PATCH", headers: adminHeaders(), body: JSON.stringify(patch) },
        bindings,
      );
      expect(response.status).toBe(200);
    },
    async post(payload = newComment()) {
      const ctx = createExecutionContext();
      const started = Date.now();
      const response = await sameIsolate.request(
        `${ORIGIN}/api/articles/${slug}/comments`,
        { method: "POST", headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() }, body: JSON.stringify(payload) },
        bindings,
        ctx,
      );
      const answeredInMs = Date.now() - started;
      expect(response.status).toBe(201);
      const created = await response.json<CreatedComment>();
      return { ...created, answeredInMs, afterResponse: () => waitOnExecutionContext(ctx) };
    },
    async page() {
      return (await sameIsolate.request(`${ORIGIN}/articles/${slug}`, {}, bindings, createExecutionContext())).text();
    },
  };
}

async function stored(id: number) {
  const row = (await env.DB.prepare("SELECT status, moderation FROM comments WHERE id = ?").bind(id).first<{ status: string; moderation: string | null }>())!;
  return { status: row.status, moderation: row.moderation === null ? null : JSON.parse(row.moderation) };
}

/** Every test starts from moderation "none" (so the rules would publish) and the default AI settings. */
async function site(ai: Ai | undefined, patch: Record<string, unknown> = {}) {
  const worker = withAi(ai);
  await worker.settings({ ...DEFAULT_SETTINGS, moderation: "none", ...patch });
  return worker;
}

describe("Workers AI classification (fake binding)", () => {
  it("holds a comment the spam model flags, with its label and score for the moderator", async () => {
    const ai = fakeAi({ ...CLEAN, [SPAM_MODEL]: { response: { spam: true, confidence: 0.93 } } });
    const worker = await site(ai.binding);
    const { comment, status } = await worker.post(newComment({ body: "Cheap watches at https://watches.example" }));
    expect(status).toBe("pending");
    expect(await stored(comment.id)).toEqual({ status: "pending", moderation: { reason: "ai_spam", label: "spam", score: 0.93 } });
    const spamCall = ai.calls.find((call) => call.model === SPAM_MODEL)!;
    expect(JSON.stringify(spamCall.inputs.messages)).toContain("Cheap watches at https://watches.example");
    expect(spamCall.inputs.response_format).toMatchObject({ type: "json_schema" });
  });

  it("holds a comment Llama Guard finds unsafe, in its native answer or JSON mode", async () => {
    for (const response of ["unsafe\nS10", { safe: false, categories: ["S10", "S1"] }]) {
      const ai = fakeAi({ ...CLEAN, [ABUSE_MODEL]: { response } });
      const worker = await site(ai.binding);
      const { comment } = await worker.post();
      const { moderation } = await stored(comment.id);
      expect(moderation).toMatchObject({ reason: "ai_abuse", score: null });
      expect(moderation.label).toMatch(/^S10/);
    }
  });

  it("publishes a clean comment, asking both models once", async () => {
    const ai = fakeAi(CLEAN);
    const worker = await site(ai.binding);
    const { comment, status } = await worker.post();
    expect(status).toBe("approved");
    expect(await stored(comment.id)).toEqual({ status: "approved", moderation: null });
    expect(ai.calls.map((call) => call.model).sort()).toEqual([SPAM_MODEL, ABUSE_MODEL].sort());
  });

  it("publishes a spam verdict below the owner's threshold", async () => {
    const ai = fakeAi({ ...CLEAN, [SPAM_MODEL]: { response: '{"spam": true, "confidence": 0.6}' } });
    const worker = await site(ai.binding, { aiSpamThreshold: 0.7 });
    expect((await worker.post()).status).toBe("approved");
  });

  it("answers a slow model's comment by the rules within the budget, then holds it when the late flag comes, purging its page", async () => {
    const ai = fakeAi({ ...CLEAN, [SPAM_MODEL]: { response: { spam: true, confidence: 0.99 } } }, 400);
    const worker = await site(ai.binding, { aiTimeBudgetMs: 100 });
    const body = `Slow spam ${crypto.randomUUID()}`;
    const posted = await worker.post(newComment({ body }));
    expect(posted.status).toBe("approved");
    expect(posted.answeredInMs).toBeLessThan(380);
    expect(await worker.page()).toContain(body);

    await posted.afterResponse();
    expect(await stored(posted.comment.id)).toEqual({ status: "pending", moderation: { reason: "ai_spam", label: "spam", score: 0.99 } });
    expect(await worker.page()).not.toContain(body);
  });

  it("holds a slow model's comment when the owner chose to, and a clean late answer doesn't release it", async () => {
    const ai = fakeAi(CLEAN, 300);
    const worker = await site(ai.binding, { aiTimeBudgetMs: 50, aiWhenLate: "hold" });
    const posted = await worker.post();
    expect(posted.status).toBe("pending");
    await posted.afterResponse();
    expect(await stored(posted.comment.id)).toEqual({ status: "pending", moderation: { reason: "ai_unavailable", label: "no answer in time", score: null } });
  });

  it("falls back to the rules, or holds, when the model fails", async () => {
    const failing = fakeAi({ [SPAM_MODEL]: new Error("AiError: 3040: Capacity temporarily exceeded"), [ABUSE_MODEL]: { response: { safe: true } } });
    const byRules = await site(failing.binding);
    expect((await byRules.post()).status).toBe("approved");
    const holding = await site(failing.binding, { aiWhenLate: "hold" });
    const held = await holding.post();
    expect(held.status).toBe("pending");
    expect((await stored(held.comment.id)).moderation).toEqual({ reason: "ai_unavailable", label: "error", score: null });
    // A model answering something that isn't a verdict counts as a failure.
    const garbled = await site(fakeAi({ ...CLEAN, [SPAM_MODEL]: { response: "I think it might be fine?" } }).binding, { aiWhenLate: "hold" });
    expect((await garbled.post()).status).toBe("pending");
  });

  it("with a budget of 0, classifies after the comment is stored", async () => {
    const ai = fakeAi({ ...CLEAN, [ABUSE_MODEL]: { response: { safe: false, categories: ["S12"] } } });
    const worker = await site(ai.binding, { aiTimeBudgetMs: 0 });
    const posted = await worker.post();
    expect(posted.status).toBe("approved");
    await posted.afterResponse();
    expect(await stored(posted.comment.id)).toEqual({ status: "pending", moderation: { reason: "ai_abuse", label: "S12", score: null } });
  });

  it("classifies only what the rules would publish, and only the checks the owner keeps on", async () => {
    const ai = fakeAi(CLEAN);
    const firstTime = await site(ai.binding, { moderation: "first-time" });
    expect((await firstTime.post()).status).toBe("pending");
    expect(ai.calls).toHaveLength(0);
    const spamOnly = await site(ai.binding, { aiAbuseCheck: false });
    await spamOnly.post();
    expect(ai.calls.map((call) => call.model)).toEqual([SPAM_MODEL]);
    const off = await site(ai.binding, { aiAbuseCheck: false, aiSpamCheck: false });
    await off.post();
    expect(ai.calls).toHaveLength(1);
  });

  it("doesn't classify a trusted commenter", async () => {
    const ai = fakeAi({ ...CLEAN, [SPAM_MODEL]: { response: { spam: true, confidence: 1 } } });
    const worker = await site(ai.binding, { moderation: "all" });
    const person = newComment();
    const first = await worker.post(person);
    const trust = await sameIsolate.request(`${ORIGIN}/api/admin/comments/${first.comment.id}/trust`, { method: "POST", headers: adminHeaders() }, env);
    expect(trust.status).toBe(200);
    const calls = ai.calls.length;
    expect((await worker.post({ ...person, body: "Trusted words" })).status).toBe("approved");
    expect(ai.calls).toHaveLength(calls);
  });

  it("works as before without the binding", async () => {
    const worker = await site(undefined);
    expect((await worker.post()).status).toBe("approved");
  });
});
