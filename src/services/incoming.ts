import type { AnyDatabase } from "../db/client.ts";
import { insertIncomingComment } from "../db/imports.ts";
import { duplicateKey } from "../domain/comments/input.ts";
import { renderPlainText } from "../domain/plain-text.ts";
import { emailKeyring, encryptCommentEmail, keyedHash, sha256Hex } from "../domain/privacy.ts";
import type { Keys } from "../domain/settings.ts";
import type { ImportedCommentFields } from "../domain/wordpress/convert.ts";

/** A comment from another system, before its email is encrypted (empty when the source had none). */
export type IncomingCommentFields = ImportedCommentFields & { articleGuid: string; updatedAt?: Date; id?: number | undefined };

/**
 * Stores a comment from another system exactly as a new one would be stored:
 * the email encrypted (the row's guid as authenticated data) and keyed-hashed,
 * so moderation and privacy requests work for these commenters too; the text
 * rendered once. A comment without an email gets a hash no email matches.
 */
export async function writeIncomingComment(db: AnyDatabase, keys: Keys, fields: IncomingCommentFields) {
  const email = fields.email.trim();
  const [emailEncrypted, emailHash, bodyHash] = await Promise.all([
    email ? encryptCommentEmail(await emailKeyring(keys.emailKey), email, fields.guid) : Promise.resolve(""),
    email ? keyedHash(keys.hashKey, "email", email.toLowerCase()) : Promise.resolve(`none:${fields.guid}`),
    sha256Hex(duplicateKey(fields.body)),
  ]);
  return insertIncomingComment(db, {
    id: fields.id,
    guid: fields.guid,
    articleGuid: fields.articleGuid,
    parentGuid: fields.parentGuid,
    author: fields.author,
    emailEncrypted,
    emailHash,
    url: fields.url,
    body: fields.body,
    bodyHtml: renderPlainText(fields.body, { linkify: true }),
    bodyHash,
    status: fields.status,
    createdAt: fields.createdAt,
    updatedAt: fields.updatedAt ?? fields.createdAt,
  });
}
