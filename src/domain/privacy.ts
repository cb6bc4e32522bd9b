/**
 * Commenters' emails are stored only as AES-256-GCM ciphertext (for the site
 * owner) and a keyed HMAC-SHA-256 hash (for matching). Keys come from secrets;
 * nothing here ever logs or returns a plaintext email except `decryptEmail`.
 */

import { remembered } from "./remembered.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fromBase64Url(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export class KeyConfigurationError extends Error {}

export interface EmailKeyring {
  /** The key new values are encrypted with. */
  current: { version: string; key: CryptoKey };
  byVersion: Map<string, CryptoKey>;
}

const keyrings = new Map<string, Promise<EmailKeyring>>();
const hashKeys = new Map<string, Promise<CryptoKey>>();

/**
 * `EMAIL_KEY` is `<version>:<base64url 32-byte key>`, optionally followed by
 * `,<older version>:<key>`… so old ciphertexts stay readable after a rotation.
 * Imported once per isolate.
 */
export function emailKeyring(secret: string | undefined): Promise<EmailKeyring> {
  if (!secret) return Promise.reject(new KeyConfigurationError("EMAIL_KEY is not set"));
  return remembered(keyrings, secret, () => importKeyring(secret));
}

async function importKeyring(secret: string): Promise<EmailKeyring> {
  const byVersion = new Map<string, CryptoKey>();
  let current: EmailKeyring["current"] | undefined;
  for (const entry of secret.split(",")) {
    const [version, material = ""] = entry.trim().split(":");
    let bytes = new Uint8Array();
    try {
      bytes = fromBase64Url(material);
    } catch {
      // reported below, without echoing the secret
    }
    if (!version || !/^[A-Za-z0-9]+$/.test(version) || bytes.length !== 32) {
      throw new KeyConfigurationError("EMAIL_KEY must be <version>:<base64url of 32 bytes>[,…]");
    }
    // Two keys under one version would encrypt with one and try to decrypt with the other.
    if (byVersion.has(version)) throw new KeyConfigurationError(`EMAIL_KEY lists key version ${version} twice; give each key its own version.`);
    const key = await crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
    byVersion.set(version, key);
    current ??= { version, key };
  }
  return { current: current!, byVersion };
}

/**
 * `<version>.<iv>.<ciphertext>`: a fresh random IV per value, and `context`
 * (the row's identity) bound as additional data, so a ciphertext copied into
 * another row does not decrypt.
 */
export async function encryptEmail(keyring: EmailKeyring, email: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(context) }, keyring.current.key, encoder.encode(email));
  return `${keyring.current.version}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
}

export async function decryptEmail(keyring: EmailKeyring, stored: string, context: string): Promise<string> {
  const [version, iv, ciphertext] = stored.split(".");
  const key = version ? keyring.byVersion.get(version) : undefined;
  if (!key || !iv || !ciphertext) throw new KeyConfigurationError("no key for this email's key version");
  const plaintext = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64Url(iv), additionalData: encoder.encode(context) },
    key,
    fromBase64Url(ciphertext),
  );
  return decoder.decode(plaintext);
}

/** A comment's email is bound to its row: its guid is the authenticated data, so a ciphertext moved to another row won't decrypt. */
const commentContext = (guid: string) => `comment:${guid}`;

/** Encrypts the email of the comment whose guid is `guid`. */
export const encryptCommentEmail = (keyring: EmailKeyring, email: string, guid: string) => encryptEmail(keyring, email, commentContext(guid));

/**
 * A comment's email, for the site owner; null when it has none (an import
 * without one, or erased) or it can't be decrypted (a key version no longer
 * configured, a damaged value): callers show "unavailable" rather than fail.
 */
export async function decryptCommentEmail(keyring: EmailKeyring, comment: { guid: string; emailEncrypted: string }): Promise<string | null> {
  if (!comment.emailEncrypted) return null;
  return decryptEmail(keyring, comment.emailEncrypted, commentContext(comment.guid)).catch(() => null);
}

/** A subscriber's address is bound to its keyed hash, unique per address, so a ciphertext moved to another row won't decrypt. */
const subscriberContext = (emailHash: string) => `subscriber:${emailHash}`;

export const encryptSubscriberEmail = (keyring: EmailKeyring, email: string, emailHash: string) => encryptEmail(keyring, email, subscriberContext(emailHash));

export const decryptSubscriberEmail = (keyring: EmailKeyring, row: { emailHash: string; emailEncrypted: string }) =>
  decryptEmail(keyring, row.emailEncrypted, subscriberContext(row.emailHash));

export type HashPurpose =
  | "email"
  | "ip"
  | "moderation"
  | "form"
  | "admin-session"
  | "admin-csrf"
  | "lockout"
  | "idempotency"
  | "idempotency-payload"
  | "link"
  | "purge-flush";

/** HMAC-SHA-256 under `HASH_KEY`, separated by purpose, as hex. */
export async function keyedHash(secret: string | undefined, purpose: HashPurpose, value: string): Promise<string> {
  if (!secret) throw new KeyConfigurationError("HASH_KEY is not set");
  const key = remembered(hashKeys, secret, () => crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));
  return toHex(await crypto.subtle.sign("HMAC", await key, encoder.encode(`${purpose}:${value}`)));
}

/** Compares two secrets in time independent of where they differ. */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  // Compare equal-length buffers so the length check itself leaks nothing useful.
  const same = left.byteLength === right.byteLength;
  return crypto.subtle.timingSafeEqual(left, same ? right : left) && same;
}

/** Unkeyed SHA-256, for values that are not personal (comment bodies). */
export async function sha256Hex(value: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}
