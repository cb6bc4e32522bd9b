import type { PostCommentResult } from "../services/post-comment.ts";
import { AppError, notFound } from "./errors.ts";
import { tooManyRequests } from "./rate-limit.ts";

type Refusal = Extract<PostCommentResult, { outcome: "article_not_found" | "duplicate" | "flood" }>;

/** The same refusal for the form and the API (each renders it in its own format). */
export function commentRefusal(result: Refusal): AppError {
  switch (result.outcome) {
    case "article_not_found":
      return notFound("Article");
    case "duplicate":
      return new AppError(409, "duplicate_comment", "Duplicate comment detected; it looks as though you’ve already said that!");
    case "flood":
      return tooManyRequests(result.retryAfterSeconds, "You are posting comments too quickly. Wait a few seconds and try again.");
  }
}
