import { withThousands } from "../numbers.ts";
import type { Messages, WidgetMessages } from "./catalogue.ts";

export const commentCountEn = (count: number) => (count === 0 ? "No comments yet" : count === 1 ? "1 Comment" : `${withThousands(count)} Comments`);

/** English: WordPress's words. */
export const english: Messages = {
  dir: "ltr",
  leaveReply: "Leave a Reply",
  leaveReplyTo: "Leave a Reply to {name}",
  cancelReply: "Cancel reply",
  privacyNote: "Your email address will not be published. Required fields are marked {required}",
  name: "Name",
  email: "Email",
  website: "Website",
  comment: "Comment",
  postComment: "Post Comment",
  remember: "Save my name, email, and website in this browser for the next time I comment.",
  honeypot: "Leave this field empty",
  correctFields: (count) => (count === 1 ? "Please correct the field marked below." : `Please correct the ${count} fields marked below.`),
  awaitingModeration: "Your comment is awaiting moderation.",
  commentCount: commentCountEn,
  says: "says:",
  reply: "Reply",
  replyTo: "Reply to {name}",
  inReplyTo: "In reply to {name}",
  olderComments: "← Older comments",
  newerComments: "Newer comments →",
  commentPages: "Comment pages",
  commentsClosed: "Comments are closed.",
  notifyLegend: "Notify me of follow-up comments by email",
  notifyNone: "No, thanks",
  notifyReplies: "Replies to my comment",
  notifyThread: "All new comments on this article",
  notifyNote: "The first time, we email you a link to confirm. Every email has a link to stop them.",
};

/** The widget's own words. */
export const englishWidget: WidgetMessages = {
  loading: "Loading comments…",
  loadFailed: "The comments could not be loaded.",
  sending: "Sending…",
  sendFailed: "Your comment could not be sent. Please try again.",
  missingName: "Enter your name.",
  missingEmail: "Enter your email address.",
  invalidEmail: "Enter a valid email address.",
  missingComment: "Write a comment.",
  invalidWebsite: "Enter a valid web address (http:// or https://).",
};
