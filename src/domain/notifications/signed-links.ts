import { keyedHash, timingSafeEqualStrings } from "../privacy.ts";

/** What a link in an email lets its holder do without signing in. */
export type LinkPurpose = "confirm" | "unsubscribe" | "moderate";

export type LinkCheck = { valid: true; fields: string[] } | { valid: false; reason: "invalid" | "expired" };

const FIELD = /^[A-Za-z0-9-]{1,40}$/;

const signature = async (hashKey: string | undefined, purpose: LinkPurpose, payload: string) =>
  (await keyedHash(hashKey, "link", `${purpose}:${payload}`)).slice(0, 32);

/**
 * A link token: `<fields>.<expiry>.<signature>`, the expiry in Unix seconds
 * and the signature an HMAC (HASH_KEY) of the purpose, fields and expiry, so
 * none can be changed or reused for another purpose. Fields are ids and
 * nonces, never an email.
 */
export async function signLink(hashKey: string | undefined, purpose: LinkPurpose, fields: (string | number)[], expires: Date): Promise<string> {
  const payload = [...fields, Math.floor(expires.getTime() / 1000)].join(".");
  return `${payload}.${await signature(hashKey, purpose, payload)}`;
}

/** The fields of a token signed for `purpose` with `count` fields; forged (or mangled) and expired tokens are told apart. */
export async function checkLink(hashKey: string | undefined, purpose: LinkPurpose, token: string | undefined, count: number, now: Date): Promise<LinkCheck> {
  const parts = (token ?? "").split(".");
  if (parts.length !== count + 2 || !parts.every((part) => FIELD.test(part))) return { valid: false, reason: "invalid" };
  const signed = parts.pop()!;
  if (!timingSafeEqualStrings(signed, await signature(hashKey, purpose, parts.join(".")))) return { valid: false, reason: "invalid" };
  if (Number(parts.pop()) * 1000 < now.getTime()) return { valid: false, reason: "expired" };
  return { valid: true, fields: parts };
}
