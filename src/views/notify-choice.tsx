import type { Messages } from "../domain/messages/catalogue.ts";
import type { NotifyChoice as Choice } from "../domain/notifications/jobs.ts";

/** The form's "Notify me of follow-up comments by email" (field `notify`): only where readers can be emailed. */
export function NotifyChoice({ t, value, error }: { t: Messages; value: string | undefined; error: string | undefined }) {
  const options: [Choice, string][] = [
    ["none", t.notifyNone],
    ["replies", t.notifyReplies],
    ["thread", t.notifyThread],
  ];
  return (
    <fieldset class="notify">
      <legend>{t.notifyLegend}</legend>
      {error && <p class="field-error">{error}</p>}
      {options.map(([choice, label]) => (
        <label>
          <input type="radio" name="notify" value={choice} checked={(value ?? "none") === choice} /> {label}
        </label>
      ))}
      <p class="note">{t.notifyNote}</p>
    </fieldset>
  );
}
