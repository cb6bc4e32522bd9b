import { keyedHash, timingSafeEqualStrings } from "../domain/privacy.ts";

/** People need longer than this to write a comment; scripts don't. */
const MIN_FILL_MS = 3_000;
/** A form older than this is stale (or replayed). */
const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;

const signature = async (hashKey: string | undefined, slug: string, issuedAt: number) => (await keyedHash(hashKey, "form", `${slug}:${issuedAt}`)).slice(0, 32);

/** `<issued at, ms>.<signature>`: a signed timestamp for the article's comment form. */
export async function issueFormToken(hashKey: string | undefined, slug: string, now: Date): Promise<string> {
  const issuedAt = now.getTime();
  return `${issuedAt}.${await signature(hashKey, slug, issuedAt)}`;
}

export type FormTokenCheck = "ok" | "missing" | "forged" | "too_fast" | "expired";

export async function checkFormToken(hashKey: string | undefined, slug: string, token: string | undefined, now: Date): Promise<FormTokenCheck> {
  const match = /^(\d{1,15})\.([0-9a-f]{32})$/.exec(token ?? "");
  if (!match) return token ? "forged" : "missing";
  const issuedAt = Number(match[1]);
  if (!timingSafeEqualStrings(match[2]!, await signature(hashKey, slug, issuedAt))) return "forged";
  const age = now.getTime() - issuedAt;
  if (age < MIN_FILL_MS) return "too_fast";
  if (age > MAX_FORM_AGE_MS) return "expired";
  return "ok";
}
