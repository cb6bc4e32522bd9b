import type { Article, ArticleRevision, Media } from "../../db/schema.ts";
import { type ArticleState, articleState } from "../../domain/articles/article.ts";
import type { DeskFormValues } from "../../domain/articles/desk-form.ts";
import { imageTypes, MAX_MEDIA_LABEL, mediaPath } from "../../domain/media/media-keys.ts";
import { articlePath, type Site } from "../../domain/site.ts";
import { ArticleContent, type ArticleView } from "../article-content.tsx";
import { FieldLabel } from "../field-label.tsx";
import { Layout } from "../layout.tsx";
import { AdminNav } from "./admin-nav.tsx";
import { STATE_LABELS } from "./article-list-page.tsx";
import { DateTime } from "./date-time.tsx";

export interface EditorPageProps {
  site: Site;
  csrf: string;
  /** The stored article; undefined while writing a new one. */
  article: Article | undefined;
  values: DeskFormValues;
  errors?: Record<string, string> | undefined;
  /** What just happened (saved, uploaded…). */
  notice?: string | undefined;
  /** The media library's newest images, for the featured-image picker. */
  media: Media[];
  uploadsOn: boolean;
  /** The alt text typed for an upload that was refused, to keep it. */
  uploadAlt?: string | undefined;
  /** The image just uploaded, with the Markdown to paste. */
  uploaded?: { markdown: string; locationRemoved: boolean } | undefined;
  preview?: ArticleView | undefined;
  revisions: ArticleRevision[];
  resizedImages: boolean;
  now: Date;
}

interface FieldProps {
  name: string;
  label: string;
  value: string | undefined;
  error: string | undefined;
  hint?: string;
  type?: string;
  rows?: number;
  required?: boolean;
  maxlength?: number;
  extra?: Record<string, string | number | undefined>;
}

function Field({ name, label, value, error, hint, type = "text", rows, required = false, maxlength, extra = {} }: FieldProps) {
  const id = `article-${name}`;
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const common = {
    id,
    name,
    required,
    maxlength,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": described || undefined,
    ...extra,
  };
  return (
    <p>
      <FieldLabel id={id} label={label} required={required} />
      {rows ? (
        <textarea {...common} rows={rows}>
          {value}
        </textarea>
      ) : (
        <input {...common} type={type} value={value} />
      )}
      {hint && (
        <span class="note" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </p>
  );
}

/** The buttons an article's state calls for: a live article is updated or taken down; anything else is saved, published or scheduled. */
function actionsFor(state: ArticleState | "new"): { action: string; label: string }[] {
  const preview = { action: "preview", label: "Preview" };
  if (state === "published") return [preview, { action: "publish", label: "Update" }, { action: "unpublish", label: "Unpublish" }];
  return [
    preview,
    { action: "draft", label: "Save draft" },
    { action: "publish", label: state === "scheduled" ? "Publish now" : "Publish" },
    { action: "schedule", label: "Schedule" },
  ];
}

function StatusLine({ article, state, language }: { article: Article; state: ArticleState; language: string }) {
  return (
    <p class="meta" id="article-status">
      Status: <span class={`state state-${state}`}>{STATE_LABELS[state]}</span>
      {state === "scheduled" && (
        <>
          {" "}
          · goes live <DateTime date={article.publishedAt} language={language} />
        </>
      )}
      {state === "published" && (
        <>
          {" "}
          since <DateTime date={article.publishedAt} language={language} /> · <a href={articlePath(article.slug)}>View on the site</a>
        </>
      )}{" "}
      · last saved <DateTime date={article.updatedAt} language={language} />
    </p>
  );
}

function FeaturedImagePicker({ media, values, errors }: { media: Media[]; values: DeskFormValues; errors: Record<string, string> }) {
  const chosen = values.featuredImage;
  return (
    <fieldset class="media-picker" aria-describedby={errors.featuredImage ? "article-featuredImage-error" : undefined}>
      <legend>Featured image</legend>
      {errors.featuredImage && (
        <p class="field-error" id="article-featuredImage-error">
          {errors.featuredImage}
        </p>
      )}
      <label class="choice">
        <input type="radio" name="featuredImage" value="" checked={chosen === ""} /> None
      </label>
      {chosen !== "" && !media.some((item) => mediaPath(item.key) === chosen) && (
        <label class="choice">
          <input type="radio" name="featuredImage" value={chosen} checked /> The current image
        </label>
      )}
      {media.map((item) => (
        <label class="choice">
          <input type="radio" name="featuredImage" value={mediaPath(item.key)} checked={mediaPath(item.key) === chosen} />{" "}
          <img src={mediaPath(item.key)} alt="" width={64} height={Math.max(1, Math.round((64 * item.height) / item.width))} loading="lazy" /> {item.alt}
        </label>
      ))}
    </fieldset>
  );
}

function UploadFields({
  uploadsOn,
  uploadAlt,
  errors,
  uploaded,
}: Pick<EditorPageProps, "uploadsOn" | "uploadAlt" | "uploaded"> & { errors: Record<string, string> }) {
  return (
    <fieldset class="upload">
      <legend>Upload an image</legend>
      {uploadsOn ? (
        <>
          <Field
            name="file"
            label={`Image: JPEG, PNG, WebP, AVIF or GIF, up to ${MAX_MEDIA_LABEL}`}
            value={undefined}
            error={errors.file}
            type="file"
            hint="Where a photo was taken (its GPS data) is removed."
            extra={{ accept: imageTypes.join(",") }}
          />
          <Field
            name="alt"
            label="Alt text (required): what the image shows, for readers who can't see it"
            value={uploadAlt}
            error={errors.alt}
            maxlength={1_000}
          />
          <p>
            <label class="choice">
              <input type="checkbox" name="setFeatured" value="1" /> Make it the featured image
            </label>
          </p>
          <p>
            <button type="submit" name="action" value="upload" formnovalidate>
              Upload
            </button>{" "}
            <span class="note">The article is not saved by uploading.</span>
          </p>
        </>
      ) : (
        <p class="notice">Uploads are off: this site has no R2 bucket bound as MEDIA (see the README, Images). Everything else works.</p>
      )}
      {uploaded && (
        <div role="status" class="notice">
          <p>Uploaded{uploaded.locationRemoved ? ", without the location it carried" : ""}. Paste this where the image belongs in the body:</p>
          <p>
            <label for="uploaded-markdown">Markdown for the image</label>
            <input id="uploaded-markdown" type="text" readonly value={uploaded.markdown} />
          </p>
        </div>
      )}
    </fieldset>
  );
}

const VIA_LABELS: Record<ArticleRevision["editedVia"], string> = {
  desk: "the owner, in the desk",
  api: "the owner, through the API",
  earlier: "the version before the history began",
};

function Revisions({ article, revisions, csrf, language }: { article: Article; revisions: ArticleRevision[]; csrf: string; language: string }) {
  const isCurrent = (revision: ArticleRevision) => revision.title === article.title && revision.summary === article.summary && revision.body === article.body;
  return (
    <section aria-labelledby="revisions-title" class="revisions">
      <h2 id="revisions-title">Revisions</h2>
      {revisions.length === 0 ? (
        <p>No revisions yet: the history starts with the next change to the title, summary or body.</p>
      ) : (
        <ol>
          {revisions.map((revision) => (
            <li id={`revision-${revision.id}`}>
              <p>
                <DateTime date={revision.createdAt} language={language} />, by {VIA_LABELS[revision.editedVia]}
                {revision.changed.length > 0 ? ` · changed: ${revision.changed.join(", ")}` : ""}
                {isCurrent(revision) ? " · current" : ""}
              </p>
              <details>
                <summary>Show this version</summary>
                <dl>
                  <dt>Title</dt>
                  <dd>{revision.title}</dd>
                  <dt>Summary</dt>
                  <dd>{revision.summary || "(none)"}</dd>
                  <dt>Body</dt>
                  <dd>
                    <pre>{revision.body}</pre>
                  </dd>
                </dl>
              </details>
              {!isCurrent(revision) && (
                <form method="post" action={`/admin/articles/${article.id}/revisions/${revision.id}/restore`}>
                  <input type="hidden" name="csrf" value={csrf} />
                  <button type="submit">Restore this version</button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The article editor: plain forms, no script; preview, save, publish, schedule and upload are its buttons. */
export function ArticleEditorPage(props: EditorPageProps) {
  const { site, csrf, article, values, errors = {}, notice, preview, now } = props;
  const state = article ? articleState(article, now) : "new";
  const errorCount = Object.keys(errors).length;
  const field = (name: keyof DeskFormValues) => ({ name, value: values[name], error: errors[name] });
  return (
    <Layout site={site} title={`${article ? `Edit: ${article.title}` : "New article"} – ${site.title}`}>
      <AdminNav csrf={csrf} current="articles" />
      <h1>{article ? "Edit article" : "New article"}</h1>
      {article && state !== "new" && <StatusLine article={article} state={state} language={site.language} />}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {errorCount > 0 && (
        <p class="notice" role="alert">
          {errors.form ?? `Please correct ${errorCount === 1 ? "the field" : `the ${errorCount} fields`} marked below.`}
        </p>
      )}
      <form method="post" action={article ? `/admin/articles/${article.id}` : "/admin/articles"} enctype="multipart/form-data" class="editor">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="version" value={values.version} />
        <Field {...field("title")} label="Title" required maxlength={500} />
        <Field
          {...field("slug")}
          label="Address (slug)"
          hint={`/articles/<slug>: lower-case letters, digits and hyphens. Empty: made from the title.${article ? " Changing it keeps the old address working (301)." : ""}`}
          maxlength={200}
          extra={{ pattern: "[a-z0-9]+(-[a-z0-9]+)*", autocomplete: "off" }}
        />
        <Field {...field("summary")} label="Summary" rows={3} maxlength={5_000} />
        <Field {...field("body")} label="Body (Markdown)" rows={18} required />
        <Field {...field("author")} label="Byline (author)" maxlength={200} />
        <Field {...field("source")} label="Original source" hint="e.g. foreignpolicy.com" maxlength={200} />
        <Field {...field("section")} label="Section" hint="e.g. World. Empty: none. It gets its page and feeds at /sections/<name>." maxlength={100} />
        <Field {...field("tags")} label="Tags" hint="Names separated by commas, e.g. Pakistan, Security. Each gets its page and feeds at /tags/<name>." />
        <Field
          {...field("publishedAt")}
          label="Publication time (UTC)"
          type="datetime-local"
          hint="Empty: the moment you publish. A future time and Schedule: it goes live then."
          extra={{ step: 1 }}
        />
        <FeaturedImagePicker media={props.media} values={values} errors={errors} />
        <div class="actions editor-actions">
          {actionsFor(state).map(({ action, label }) => (
            <button type="submit" name="action" value={action} formnovalidate={action === "preview" ? true : undefined}>
              {label}
            </button>
          ))}
        </div>
        <UploadFields uploadsOn={props.uploadsOn} uploadAlt={props.uploadAlt} errors={errors} uploaded={props.uploaded} />
      </form>
      {preview && (
        <section class="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview: as readers will see it</h2>
          <ArticleContent article={preview} language={site.language} resizedImages={props.resizedImages} />
        </section>
      )}
      {article && <Revisions article={article} revisions={props.revisions} csrf={csrf} language={site.language} />}
    </Layout>
  );
}
