import { raw } from "hono/html";
import { LIMITS } from "../domain/comments/comment.ts";
import { around, type Messages } from "../domain/messages/catalogue.ts";
import { TURNSTILE_ACTION } from "../services/turnstile.ts";
import { FieldLabel } from "./field-label.tsx";
import { NotifyChoice } from "./notify-choice.tsx";
import { REMEMBER_SCRIPT } from "./scripts.ts";

export interface CommentFormValues {
  author?: string;
  email?: string;
  url?: string;
  body?: string;
  parentId?: string;
  notify?: string;
}

/** The hidden field people never see; a bot that fills it is filed as spam. */
export const HONEYPOT_FIELD = "subject";
/** The signed render time, so a form sent within seconds (a script) is filed as spam. */
export const FORM_TOKEN_FIELD = "formToken";

interface CommentFormProps {
  /** The words, in the site's language. */
  t: Messages;
  action: string;
  values?: CommentFormValues;
  errors?: Record<string, string>;
  /** Set when the reader chose "Reply" under a comment. */
  replyTo?: { id: number; author: string } | undefined;
  cancelReplyHref: string;
  formToken: string;
  /** Set when Turnstile is on: its widget is rendered in the form. */
  turnstileSiteKey?: string | undefined;
  /** Whether readers can be emailed here: offers email notifications. */
  notifyOffered?: boolean | undefined;
}

interface FieldProps {
  name: "author" | "email" | "url" | "body";
  label: string;
  required?: boolean;
  type?: string;
  autocomplete?: string;
  values: CommentFormValues;
  errors: Record<string, string>;
}

function Field({ name, label, required = false, type = "text", autocomplete, values, errors }: FieldProps) {
  const id = `comment-${name}`;
  const error = errors[name];
  const common = {
    id,
    name,
    required,
    maxlength: LIMITS[name],
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
  return (
    <p>
      <FieldLabel id={id} label={label} required={required} />
      {name === "body" ? (
        <textarea {...common} rows={8}>
          {values[name] ?? ""}
        </textarea>
      ) : (
        <input {...common} type={type} autocomplete={autocomplete} value={values[name] ?? ""} />
      )}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </p>
  );
}

/** WordPress's "Leave a Reply" form; it works without JavaScript. */
export function CommentForm({ t, action, values = {}, errors = {}, replyTo, cancelReplyHref, formToken, turnstileSiteKey, notifyOffered }: CommentFormProps) {
  const fieldProps = { values, errors };
  const [replyBefore, replyAfter] = around(t.leaveReplyTo, "name");
  const [noteBefore, noteAfter] = around(t.privacyNote, "required");
  const parentId = replyTo ? String(replyTo.id) : values.parentId;
  const errorCount = Object.keys(errors).length;
  return (
    <section id="respond" aria-labelledby="reply-title">
      <h2 id="reply-title">
        {replyTo ? (
          <>
            {replyBefore}
            <bdi>{replyTo.author}</bdi>
            {replyAfter} <a href={cancelReplyHref}>{t.cancelReply}</a>
          </>
        ) : (
          t.leaveReply
        )}
      </h2>
      <form method="post" action={action}>
        {errorCount > 0 && (
          <p class="notice" role="alert">
            {t.correctFields(errorCount)}
          </p>
        )}
        {errors.parentId && <p class="field-error">{errors.parentId}</p>}
        <p class="note">
          {noteBefore}
          <span class="required">*</span>
          {noteAfter}
        </p>
        <Field name="author" label={t.name} required autocomplete="name" {...fieldProps} />
        <Field name="email" label={t.email} required type="email" autocomplete="email" {...fieldProps} />
        <Field name="url" label={t.website} type="url" autocomplete="url" {...fieldProps} />
        <Field name="body" label={t.comment} required {...fieldProps} />
        {/* No name: the choice stays in the browser. Shown only when the script that honours it runs. */}
        <p class="check" hidden>
          <input id="comment-remember" type="checkbox" /> <label for="comment-remember">{t.remember}</label>
        </p>
        {notifyOffered && <NotifyChoice t={t} value={values.notify} error={errors.notify} />}
        <div class="hp" aria-hidden="true">
          <label for={`comment-${HONEYPOT_FIELD}`}>{t.honeypot}</label>
          <input id={`comment-${HONEYPOT_FIELD}`} name={HONEYPOT_FIELD} type="text" tabindex={-1} autocomplete="off" value="" />
        </div>
        {parentId && <input type="hidden" name="parentId" value={parentId} />}
        <input type="hidden" name={FORM_TOKEN_FIELD} value={formToken} />
        {turnstileSiteKey && (
          <>
            <div class="cf-turnstile" data-sitekey={turnstileSiteKey} data-action={TURNSTILE_ACTION}></div>
            <script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>
          </>
        )}
        <p>
          <button type="submit">{t.postComment}</button>
        </p>
      </form>
      <script>{raw(REMEMBER_SCRIPT)}</script>
    </section>
  );
}
