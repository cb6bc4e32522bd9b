export interface CommentFormValues {
  author?: string;
  email?: string;
  url?: string;
  body?: string;
  parentId?: string;
}

interface CommentFormProps {
  action: string;
  values?: CommentFormValues;
  errors?: Record<string, string>;
}

interface FieldProps {
  name: keyof CommentFormValues;
  label: string;
  required?: boolean;
  type?: string;
  autocomplete?: string;
  maxlength: number;
  values: CommentFormValues;
  errors: Record<string, string>;
}

function Field({ name, label, required = false, type = "text", autocomplete, maxlength, values, errors }: FieldProps) {
  const id = `comment-${name}`;
  const error = errors[name];
  const common = {
    id,
    name,
    required,
    maxlength,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
  return (
    <p>
      <label for={id}>
        {label}
        {required && <span class="required" aria-hidden="true"> *</span>}
      </label>
      {name === "body" ? (
        <textarea {...common} rows={8}>
          {values[name] ?? ""}
        </textarea>
      ) : (
        <input {...common} type={type} autocomplete={autocomplete} value={values[name] ?? ""} />
      )}
      {error && (
        <span class="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </p>
  );
}

/** WordPress's "Leave a Reply" form; it works with or without JavaScript. */
export function CommentForm({ action, values = {}, errors = {} }: CommentFormProps) {
  const fieldProps = { values, errors };
  return (
    <section id="respond" aria-labelledby="reply-title">
      <h2 id="reply-title">Leave a Reply</h2>
      <form method="post" action={action} novalidate={false}>
        <p class="note">
          Your email address will not be published. Required fields are marked <span class="required">*</span>
        </p>
        <Field name="author" label="Name" required autocomplete="name" maxlength={245} {...fieldProps} />
        <Field name="email" label="Email" required type="email" autocomplete="email" maxlength={100} {...fieldProps} />
        <Field name="url" label="Website" type="url" autocomplete="url" maxlength={200} {...fieldProps} />
        <Field name="body" label="Comment" required maxlength={65525} {...fieldProps} />
        {values.parentId && <input type="hidden" name="parentId" value={values.parentId} />}
        <p>
          <button type="submit">Post Comment</button>
        </p>
      </form>
    </section>
  );
}
