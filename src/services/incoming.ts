import type { AnyDatabase } from "../db/client.ts";
import { insertIncomingComment } from "../db/imports.ts";
import type { ImportedCommentFields } from "../domain/comments/comment.ts";
import { duplicateKey, importedCommentInput } from "../domain/comments/input.ts";
import { renderPlainText } from "../domain/plain-text.ts";
import { emailKeyring, encryptCommentEmail, keyedHash, sha256Hex } from "../domain/privacy.ts";
import type { Keys } from "../domain/settings.ts";
import { fieldErrors } from "../domain/text-fields.ts";

/** A comment from another system, before its email is encrypted (empty when the source had none). */
export type IncomingCommentFields = ImportedCommentFields & { articleGuid: string; updatedAt?: Date; id?: number | undefined };

export type IncomingResult = { outcome: "written" } | { outcome: "invalid"; fields: Record<string, string> };

/**
 * Stores a comment from another system exactly as a new one would be stored:
 * held to the same field rules (a record that breaks them is not stored, and
 * the caller reports it), the email encrypted (the row's guid as
 * authenticated data) and keyed-hashed, so moderation and privacy requests
 * work for these commenters too; the text rendered once. A comment without an
 * email gets a hash no email matches.
 */
export async function writeIncomingComment(db: AnyDatabase, keys: Keys, fields: IncomingCommentFields): Promise<IncomingResult> {
  const checked = importedCommentInput.safeParse({ author: fields.author, email: fields.email, url: fields.url, body: fields.body });
  if (!checked.success) return { outcome: "invalid", fields: fieldErrors(checked.error) };
  const { author, email, url, body } = checked.data;
  const [emailEncrypted, emailHash, bodyHash] = await Promise.all([
    email ? encryptCommentEmail(await emailKeyring(keys.emailKey), email, fields.guid) : Promise.resolve(""),
    email ? keyedHash(keys.hashKey, "email", email.toLowerCase()) : Promise.resolve(`none:${fields.guid}`),
    sha256Hex(duplicateKey(body)),
  ]);
  await insertIncomingComment(db, {
    id: fields.id,
    guid: fields.guid,
    articleGuid: fields.articleGuid,
    parentGuid: fields.parentGuid,
    author,
    emailEncrypted,
    emailHash,
    url,
    body,
    bodyHtml: renderPlainText(body, { linkify: true }),
    bodyHash,
    status: fields.status,
    createdAt: fields.createdAt,
    updatedAt: fields.updatedAt ?? fields.createdAt,
  });
  return { outcome: "written" };
}
