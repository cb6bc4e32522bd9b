import type { CommenterRule } from "../../db/schema.ts";
import type { DiscussionSetting } from "../../domain/comments/discussion.ts";
import type { Site } from "../../domain/site.ts";
import { Layout, PublishedDate } from "../layout.tsx";
import { AdminNav } from "./admin-nav.tsx";
import { FormBasics } from "./moderation-page.tsx";

type Choices = readonly (readonly [string, string])[];
/** A setting's control: a check box, a number, one entry per line, or one of some choices. */
type Control = "check" | "number" | "lines" | Choices;

const SECTIONS: [string, [DiscussionSetting, string, Control][]][] = [
  [
    "New comments",
    [
      ["commentsOpenByDefault", "Allow comments on new articles", "check"],
      ["closeCommentsAfterDays", "Close comments on articles older than (days; 0: never)", "number"],
    ],
  ],
  [
    "Moderation",
    [
      [
        "moderation",
        "Hold for a moderator",
        [
          ["none", "No comment"],
          ["first-time", "A commenter's first comment"],
          ["all", "Every comment"],
        ],
      ],
      ["maxLinks", "Hold a comment with more links than", "number"],
      ["moderationKeys", "Moderation keys: hold a comment containing any (one per line)", "lines"],
      ["disallowedKeys", "Disallowed keys: trash a comment containing any (one per line)", "lines"],
    ],
  ],
  [
    "Threads and pages",
    [
      ["threadDepth", "Thread depth (1 to 10)", "number"],
      ["commentsPerPage", "Comments per page, for comments approved from now on (10 to 200)", "number"],
      [
        "defaultCommentsPage",
        "Page shown first",
        [
          ["newest", "Newest"],
          ["oldest", "Oldest"],
        ],
      ],
      [
        "commentOrder",
        "Order within a page",
        [
          ["oldest-first", "Oldest first"],
          ["newest-first", "Newest first"],
        ],
      ],
    ],
  ],
  [
    "Notifications",
    [
      ["notifyOnComment", "Email me each comment published as posted", "check"],
      ["notifyOnHeld", "Email me each comment held for moderation", "check"],
      ["notifyEmails", "My email addresses (one per line)", "lines"],
    ],
  ],
  [
    "Other sites",
    [["allowedOrigins", "Sites whose pages may embed comments (one origin per line, e.g. https://blog.example.com; none: embedding off)", "lines"]],
  ],
  [
    "Workers AI",
    [
      ["aiSpamCheck", "Check for spam", "check"],
      ["aiAbuseCheck", "Check for abuse", "check"],
      ["aiTimeBudgetMs", "Wait at most (ms; 0: check after storing)", "number"],
      [
        "aiWhenLate",
        "No answer in time",
        [
          ["rules", "Follow the rules (a late flag still holds it)"],
          ["hold", "Hold the comment"],
        ],
      ],
      ["aiSpamThreshold", "Hold from spam score (0.5 to 1)", "number"],
    ],
  ],
];

interface SettingsPageProps {
  site: Site;
  csrf: string;
  /** Each setting as the form shows it (check boxes "on" or ""; lists one per line). */
  values: Record<string, string>;
  errors: Record<string, string>;
  saved: boolean;
  /** What is configured outside the page: a sender for emails, the webhook, and the Workers AI binding. */
  email: boolean;
  webhook: boolean;
  ai: boolean;
}

function SettingControl({ name, label, control, value, error }: { name: string; label: string; control: Control; value: string; error: string | undefined }) {
  const id = `setting-${name}`;
  const described = { "aria-invalid": error ? "true" : undefined, "aria-describedby": error ? `${id}-error` : undefined };
  const message = error && (
    <span class="field-error" id={`${id}-error`}>
      {error}
    </span>
  );
  if (typeof control !== "string") {
    return (
      <fieldset>
        <legend>{label}</legend>
        {control.map(([choice, text]) => (
          <p class="check-list">
            <input type="radio" id={`${id}-${choice}`} name={name} value={choice} checked={value === choice} /> <label for={`${id}-${choice}`}>{text}</label>
          </p>
        ))}
        {message}
      </fieldset>
    );
  }
  if (control === "check") {
    return (
      <p class="check-list">
        <input type="checkbox" id={id} name={name} checked={value === "on"} {...described} /> <label for={id}>{label}</label>
        {message}
      </p>
    );
  }
  return (
    <p>
      <label for={id}>{label}</label>
      {control === "lines" ? (
        <textarea id={id} name={name} rows={4} {...described}>
          {value}
        </textarea>
      ) : (
        <input id={id} name={name} inputmode="decimal" value={value} {...described} />
      )}
      {message}
    </p>
  );
}

/** WordPress's Settings → Discussion, as plain forms. */
export function SettingsPage({ site, csrf, values, errors, saved, email, webhook, ai }: SettingsPageProps) {
  const errorCount = Object.keys(errors).length;
  return (
    <Layout site={site} title={`Discussion settings – ${site.title}`}>
      <AdminNav csrf={csrf} current="settings" />
      <h1>Discussion settings</h1>
      {saved && <p role="status">Saved.</p>}
      {errorCount > 0 && (
        <p class="notice" role="alert">
          Nothing was saved: correct the {errorCount === 1 ? "field" : `${errorCount} fields`} marked below.
        </p>
      )}
      <form method="post" action="/admin/settings">
        <FormBasics csrf={csrf} back="/admin/settings" />
        {SECTIONS.map(([title, fields]) => (
          <fieldset>
            <legend>{title}</legend>
            {title === "Notifications" && (
              <p class="note">
                Emails (EMAIL_FROM): {email ? "set" : "not set, so none are sent"}. Webhook (NOTIFY_WEBHOOK_URL): {webhook ? "set" : "not set"}; it hears of
                every comment held, approved or deleted and every article published, whatever is chosen here.
              </p>
            )}
            {title === "Workers AI" && <p class="note">AI binding: {ai ? "set" : "not set (README)"}</p>}
            {title === "Other sites" && (
              <p class="note">
                Their pages load /embed.js and /count.js (README, “Use on another site”); the API answers their browsers, and their readers' comments follow
                every rule here.
              </p>
            )}
            {fields.map(([name, label, control]) => (
              <SettingControl name={name} label={label} control={control} value={values[name] ?? ""} error={errors[name]} />
            ))}
          </fieldset>
        ))}
        <p>
          <button type="submit">Save settings</button>
        </p>
      </form>
    </Layout>
  );
}

/** The blocked and trusted commenters, each with its button to lift it. */
export function CommentersPage({ site, csrf, rules }: { site: Site; csrf: string; rules: CommenterRule[] }) {
  return (
    <Layout site={site} title={`Blocked and trusted commenters – ${site.title}`}>
      <AdminNav csrf={csrf} current="commenters" />
      <h1>Blocked and trusted commenters</h1>
      {rules.length === 0 ? (
        <p>Nobody is blocked or trusted.</p>
      ) : (
        <ul class="moderation-list">
          {rules.map((rule) => (
            <li class="moderated">
              <form method="post" action={`/admin/commenter-rules/${rule.id}/delete`}>
                <FormBasics csrf={csrf} back="/admin/commenters" />
                <bdi>{rule.author}</bdi>: {rule.kind === "block" ? (rule.ipHash ? "blocked, with their address" : "blocked") : "trusted"} since{" "}
                <PublishedDate date={rule.createdAt} language={site.language} />
                {rule.commentId !== null && ` (from comment ${rule.commentId})`}{" "}
                <button type="submit" aria-label={`${rule.kind === "block" ? "Unblock" : "Stop trusting"} ${rule.author}`}>
                  {rule.kind === "block" ? "Unblock" : "Stop trusting"}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
