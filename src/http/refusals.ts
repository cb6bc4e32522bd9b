import type { ModerationResult } from "../services/moderate-comment.ts";
import type { PostCommentResult } from "../services/post-comment.ts";
import { AppError, notFound } from "./errors.ts";
import { tooManyRequests } from "./rate-limit.ts";

type CommentRefusal = Extract<PostCommentResult, { outcome: "article_not_found" | "closed" | "origin_not_allowed" | "duplicate" | "key_reused" | "flood" }>;

/** A page of a site the owner doesn't allow to embed comments (or such a site's browser). */
export const originNotAllowed = () =>
  new AppError(403, "origin_not_allowed", "This site is not allowed to embed comments here: the owner lists the sites that may in their settings.");

const duplicate = (message: string) => new AppError(409, "duplicate_comment", message);

/** The same refusal of a new comment for the form and the API (each renders it in its own format). */
export function commentRefusal(result: CommentRefusal): AppError {
  switch (result.outcome) {
    case "article_not_found":
      return notFound("Article");
    case "closed":
      return new AppError(403, "comments_closed", "Comments are closed.");
    case "origin_not_allowed":
      return originNotAllowed();
    case "duplicate":
      return duplicate("Duplicate comment detected; it looks as though you’ve already said that!");
    case "key_reused":
      return new AppError(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different comment; use a new key for new content.");
    case "flood":
      return tooManyRequests(result.retryAfterSeconds, "You are posting comments too quickly. Wait a few seconds and try again.");
  }
}

/** The same refusal of a moderation decision for the admin API and the moderation page. */
export function moderationRefusal(result: Exclude<ModerationResult, { outcome: "done" }>): AppError {
  switch (result.outcome) {
    case "not_found":
      return notFound("Comment");
    case "duplicate":
      return duplicate("The same person has since posted the same comment again; restore that one instead.");
  }
}
