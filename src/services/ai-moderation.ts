import type { ModerationNote } from "../domain/comments/moderation.ts";

/**
 * Spam: the cheapest text model in Workers AI's catalogue that documents a
 * JSON mode (README, "Spam and abuse scoring with Workers AI").
 */
const SPAM_MODEL = "@cf/ibm-granite/granite-4.0-h-micro";
/** Abuse: Meta's safety classifier, which answers `{ safe, categories }` (it has no spam category). */
const ABUSE_MODEL = "@cf/meta/llama-guard-3-8b";

// Long comments are cut: a spammer's pitch shows early, and the cost is per token.
const MAX_CHARACTERS = 4000;

interface AiChecks {
  spam: boolean;
  abuse: boolean;
  /** The spam model's confidence from which a comment is flagged. */
  spamThreshold: number;
}

export interface ClassifiedComment {
  author: string;
  url: string | null;
  body: string;
}

/** A flagged comment's note, or null when nothing was found. Rejects when a model can't give an answer. */
export type CommentClassifier = (comment: ClassifiedComment, checks: AiChecks) => Promise<ModerationNote | null>;

/** A model's answer as an object: JSON mode gives one, or JSON text somewhere in a string. */
function answerOf(response: unknown): Record<string, unknown> {
  if (typeof response === "object" && response !== null) return response as Record<string, unknown>;
  const json = typeof response === "string" ? /\{[\s\S]*\}/.exec(response)?.[0] : undefined;
  if (json) return JSON.parse(json);
  throw new Error("no JSON in the model's answer");
}

async function abuseNote(ai: Ai, body: string): Promise<ModerationNote | null> {
  const { response } = await ai.run(ABUSE_MODEL, { messages: [{ role: "user", content: body }], response_format: { type: "json_object" } });
  // Without JSON mode Llama Guard answers "safe" or "unsafe\nS1,S10".
  const native = typeof response === "string" && /^\s*(safe|unsafe)\b\s*([\s\S]*)$/i.exec(response);
  const answer = native ? { safe: native[1]!.toLowerCase() === "safe", categories: native[2]!.split(/[\s,]+/) } : answerOf(response);
  if (typeof answer.safe !== "boolean") throw new Error("no verdict in the model's answer");
  if (answer.safe) return null;
  // Its hazard categories' codes ("S10" is hate: README lists them all).
  const categories = (Array.isArray(answer.categories) ? answer.categories : []).map(String).filter((code) => code !== "");
  return { reason: "ai_abuse", label: categories.join(", ").slice(0, 100) || "unsafe", score: null };
}

const SPAM_PROMPT =
  "Is this reader comment on a news site spam (advertising, SEO or affiliate links, scams, crypto or gambling pitches, " +
  'off-topic promotion)? Opinions, criticism, anger and short replies are not spam. Answer only JSON: {"spam": boolean, "confidence": 0 to 1}.';

async function spamNote(ai: Ai, comment: ClassifiedComment, threshold: number): Promise<ModerationNote | null> {
  const { response } = await ai.run(SPAM_MODEL, {
    messages: [
      { role: "system", content: SPAM_PROMPT },
      { role: "user", content: JSON.stringify({ name: comment.author, website: comment.url, comment: comment.body.slice(0, MAX_CHARACTERS) }) },
    ],
    response_format: {
      type: "json_schema",
      json_schema: { type: "object", properties: { spam: { type: "boolean" }, confidence: { type: "number" } }, required: ["spam", "confidence"] },
    },
    max_tokens: 32,
    temperature: 0,
  });
  const answer = answerOf(response);
  const confidence = Number(answer.confidence);
  if (typeof answer.spam !== "boolean" || !Number.isFinite(confidence)) throw new Error("no verdict in the model's answer");
  return answer.spam && confidence >= threshold ? { reason: "ai_spam", label: "spam", score: Math.min(1, confidence) } : null;
}

/** Workers AI as the comment classifier, when the `AI` binding is there (abuse first: it is the graver finding). */
export function workersAiClassifier(ai: Ai | undefined): CommentClassifier | undefined {
  if (!ai) return undefined;
  return async (comment, checks) => {
    const [abuse, spam] = await Promise.all([
      checks.abuse ? abuseNote(ai, comment.body.slice(0, MAX_CHARACTERS)) : null,
      checks.spam ? spamNote(ai, comment, checks.spamThreshold) : null,
    ]);
    return abuse ?? spam;
  };
}
