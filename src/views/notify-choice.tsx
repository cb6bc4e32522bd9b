import type { NotifyChoice as Choice } from "../domain/notifications/jobs.ts";

const OPTIONS: [Choice, string][] = [
  ["none", "No, thanks"],
  ["replies", "Replies to my comment"],
  ["thread", "All new comments on this article"],
];

/** The form's "Notify me of follow-up comments by email" (field `notify`): only where readers can be emailed. */
export function NotifyChoice({ value, error }: { value: string | undefined; error: string | undefined }) {
  return (
    <fieldset class="notify">
      <legend>Notify me of follow-up comments by email</legend>
      {error && <p class="field-error">{error}</p>}
      {OPTIONS.map(([choice, label]) => (
        <label>
          <input type="radio" name="notify" value={choice} checked={(value ?? "none") === choice} /> {label}
        </label>
      ))}
      <p class="note">The first time, we email you a link to confirm. Every email has a link to stop them.</p>
    </fieldset>
  );
}
