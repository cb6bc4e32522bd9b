/**
 * A form field's label, with WordPress's "*" for a required one (hidden from
 * screen readers: the field's `required` already says it). Shared by the
 * comment form and the desk's editor.
 */
export function FieldLabel({ id, label, required }: { id: string; label: string; required: boolean }) {
  return (
    <label for={id}>
      {label}
      {required && (
        <span class="required" aria-hidden="true">
          {" "}
          *
        </span>
      )}
    </label>
  );
}
