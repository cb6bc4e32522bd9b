import { commentCountEn, english, englishWidget } from "./english.ts";
import { commentCountFr, french, frenchWidget } from "./french.ts";
import { commentCountEs, spanish, spanishWidget } from "./spanish.ts";
import { commentCountUr, urdu, urduWidget } from "./urdu.ts";

/**
 * The words readers see around comments, one module per language: our own
 * pages (in `SITE_LANGUAGE`) and the embeddable widget (in the host page's
 * language) both take them from here. `{name}` and `{required}` mark where a
 * name or the required-field mark goes; functions take counts.
 */
export interface Messages {
  /** Writing direction. */
  dir: "ltr" | "rtl";
  leaveReply: string;
  /** With `{name}`: the form when replying to someone. */
  leaveReplyTo: string;
  cancelReply: string;
  /** With `{required}`: the required-field mark. */
  privacyNote: string;
  name: string;
  email: string;
  website: string;
  comment: string;
  postComment: string;
  remember: string;
  honeypot: string;
  correctFields: (count: number) => string;
  awaitingModeration: string;
  commentCount: (count: number) => string;
  says: string;
  reply: string;
  /** With `{name}`: the "Reply" link's accessible name. */
  replyTo: string;
  /** With `{name}`: above a reply whose parent is shown on another comment page. */
  inReplyTo: string;
  olderComments: string;
  newerComments: string;
  commentPages: string;
  commentsClosed: string;
  notifyLegend: string;
  notifyNone: string;
  notifyReplies: string;
  notifyThread: string;
  notifyNote: string;
}

/** The widget's own words: its states, and the checks it makes before sending (the server's words). Apart, so our pages' Worker carries none of them. */
export interface WidgetMessages {
  loading: string;
  loadFailed: string;
  sending: string;
  sendFailed: string;
  missingName: string;
  missingEmail: string;
  invalidEmail: string;
  missingComment: string;
  invalidWebsite: string;
}

const CATALOGUE: Record<string, Messages> = { en: english, fr: french, es: spanish, ur: urdu };
const WIDGET: Record<string, WidgetMessages> = { en: englishWidget, fr: frenchWidget, es: spanishWidget, ur: urduWidget };
const COUNTS: Record<string, (count: number) => string> = { en: commentCountEn, fr: commentCountFr, es: commentCountEs, ur: commentCountUr };

/** `en` for `en-GB`; English for a language not shipped (COUNTS has every language the catalogue has). */
const primary = (language: string) => {
  const code = language.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  // Own keys only: `lang="constructor"` must not find Object.prototype's.
  return Object.hasOwn(COUNTS, code) ? code : "en";
};

/** The catalogue of `language` (a BCP 47 tag such as `fr-CA`), English where it isn't shipped. */
export const messagesFor = (language: string): Messages => CATALOGUE[primary(language)]!;

/** The widget's own words in `language`. */
export const widgetMessagesFor = (language: string): WidgetMessages => WIDGET[primary(language)]!;

/** Just the comment count's words (what count.js needs, without the rest). */
export const commentCountFor = (language: string) => COUNTS[primary(language)]!;

/** `template` split around `{key}`: the text before and after it (a name, a mark, an element, goes between). */
export function around(template: string, key: string): [string, string] {
  const at = template.indexOf(`{${key}}`);
  return at < 0 ? [template, ""] : [template.slice(0, at), template.slice(at + key.length + 2)];
}

/** `template` with `{key}` replaced by `value`. */
export const fill = (template: string, key: string, value: string) => around(template, key).join(value);
