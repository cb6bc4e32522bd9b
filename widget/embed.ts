// embed.js: wirepost's comments on a page of another site. One tag loads it
// (async, after the page renders); each `<div data-wirepost-thread>` gets its
// thread in an open shadow root: the approved comments (threaded, a page at a
// time), the form with the rules and words of our own pages, replies, and the
// held-comment notice for its author, through the JSON API. No framework, no
// inline script or style (the sheet is a constructed one), no eval.
import { LIMITS } from "../src/domain/comments/comment.ts";
import { around, fill, messagesFor, widgetMessagesFor } from "../src/domain/messages/catalogue.ts";
import { isOutsideThreadId, threadIdForUrl } from "../src/domain/thread-ids.ts";
import { h, languageOf, scriptOrigin, whenReady } from "./dom.ts";
import { WIDGET_STYLES } from "./widget-styles.ts";

interface PublicComment {
  id: number;
  parentId: number | null;
  depth: number;
  author: string;
  url: string | null;
  bodyHtml: string;
  createdAt: string;
}

/** A comment a reply on this page answers, shown on another comment page. */
interface RepliedTo {
  id: number;
  author: string;
  page: number | null;
}

interface ThreadPage {
  thread: { commentCount: number; open: boolean };
  comments: PublicComment[];
  repliedTo: RepliedTo[];
  /** The comment page shown (null while no comment is on one). */
  page: number | null;
  previousPage: number | null;
  nextPage: number | null;
}

/** `#comment-<id>` or `#comment-<id>:<comment page>`: a permalink (feeds, emails, "In reply to") to a comment of this thread. */
const linkedComment = () => /^#comment-(\d+)(?::(\d+))?$/.exec(location.hash);
/** A comment's permalink on the host page. */
const permalink = (comment: { id: number; page: number | null }) => `#comment-${comment.id}${comment.page === null ? "" : `:${comment.page}`}`;

interface FormConfig {
  formToken: string;
  turnstileSiteKey: string | null;
  notifyOffered: boolean;
}

interface Turnstile {
  render(element: HTMLElement, options: { sitekey: string; action: string; callback: (token: string) => void }): string;
  reset(id: string): void;
}

const API = scriptOrigin("embed");
/** How long a held comment is shown to its author (as on our pages). */
const HELD_MS = 10 * 60 * 1000;
const REMEMBER_KEY = "wirepost-commenter";
const FIELDS = ["author", "email", "url", "body"] as const;
type Field = (typeof FIELDS)[number];

// The comments' HTML was rendered (and escaped) by wirepost; a host enforcing Trusted Types allows this policy by name.
const policy = (() => {
  try {
    return (
      window as unknown as { trustedTypes?: { createPolicy(name: string, rules: { createHTML(html: string): string }): { createHTML(html: string): string } } }
    ).trustedTypes?.createPolicy("wirepost", { createHTML: (html) => html });
  } catch {
    return undefined;
  }
})();
const setHtml = (element: HTMLElement, html: string) => {
  element.innerHTML = policy ? policy.createHTML(html) : html;
};

/** Reads storage the host may forbid (private modes, sandboxing) without failing. */
function stored<T>(storage: () => Storage, key: string): T | null {
  try {
    return JSON.parse(storage().getItem(key) ?? "null") as T | null;
  } catch {
    return null;
  }
}
function store(storage: () => Storage, key: string, value: unknown): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, JSON.stringify(value));
  } catch {
    // nothing kept
  }
}

/** The page's address as its thread knows it: the canonical link's, else this one's, without query or fragment (a reader's tracking or newsletter parameters stay theirs). */
const canonicalUrl = () => {
  const url = new URL(document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href || location.href);
  return `${url.origin}${url.pathname}`;
};

let turnstileLoading: Promise<Turnstile> | undefined;
function loadTurnstile(): Promise<Turnstile> {
  turnstileLoading ??= new Promise((resolve, reject) => {
    const script = h("script", { src: "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit", async: true });
    script.addEventListener("load", () => resolve((window as unknown as { turnstile: Turnstile }).turnstile));
    script.addEventListener("error", reject);
    document.head.append(script);
  });
  return turnstileLoading;
}

/**
 * Dates in the page's language. Many CMS templates write `lang="en_US"`,
 * which Intl refuses (RangeError): read it as `en-US`, else the browser's own.
 */
function dateFormat(language: string): Intl.DateTimeFormat {
  const options = { dateStyle: "long", timeStyle: "short" } as const;
  try {
    return new Intl.DateTimeFormat(language.replaceAll("_", "-"), options);
  } catch {
    return new Intl.DateTimeFormat(undefined, options);
  }
}

function mount(host: HTMLElement): void {
  const pageUrl = host.dataset.wirepostUrl || canonicalUrl();
  const threadId = host.dataset.wirepostThread || threadIdForUrl(pageUrl) || "";
  const pageTitle = host.dataset.wirepostTitle || document.title || pageUrl;
  const language = languageOf(host);
  const t = { ...messagesFor(language), ...widgetMessagesFor(language) };
  const api = `${API}/api/threads/${encodeURIComponent(threadId)}`;
  const dates = dateFormat(language);
  const heldKey = `wirepost-held:${threadId}`;

  const shadow = host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(WIDGET_STYLES);
  shadow.adoptedStyleSheets = [sheet];
  const theme = host.dataset.wirepostTheme;
  const status = h("p", { role: "status", class: "meta" }, t.loading);
  const root = h(
    "section",
    { class: "wp", lang: language, dir: t.dir, "data-theme": theme === "light" || theme === "dark" ? theme : "auto", "aria-labelledby": "wp-count" },
    // Shown once the count is known; the focus lands here when another comment page is opened.
    h("h2", { id: "wp-count", tabindex: -1, hidden: true }),
    status,
  );
  shadow.append(root);
  const heading = root.firstElementChild as HTMLHeadingElement;
  const list = h("div");
  root.append(list);
  if (!isOutsideThreadId(threadId)) {
    status.textContent = t.loadFailed;
    return;
  }

  let open = false;
  let count = 0;
  /** The comment page shown. */
  let shownPage: number | null = null;
  let config: FormConfig | undefined;
  let turnstileToken = "";
  let turnstileId: string | undefined;
  let replyingTo: PublicComment | null = null;
  let idempotencyKey = crypto.randomUUID?.();

  // --- the comments ---------------------------------------------------------

  function commentBody(comment: PublicComment, page = shownPage): HTMLElement {
    const name = h("bdi", {}, comment.author);
    const content = h("div", { class: "content" });
    setHtml(content, comment.bodyHtml);
    return h(
      "article",
      {},
      h(
        "footer",
        { class: "meta" },
        h(
          "b",
          { class: "author" },
          comment.url && /^https?:\/\//i.test(comment.url) ? h("a", { href: comment.url, rel: "nofollow ugc noopener" }, name) : name,
        ),
        ` ${t.says} `,
        h("a", { href: permalink({ id: comment.id, page }) }, h("time", { datetime: comment.createdAt }, dates.format(new Date(comment.createdAt)))),
      ),
      content,
    );
  }

  function item(comment: PublicComment, children: Map<number | null, PublicComment[]>, elsewhere = new Map<number, RepliedTo>()): HTMLLIElement {
    const li = h("li", { id: `comment-${comment.id}`, class: "comment", tabindex: -1 });
    // A reply whose parent is on another comment page starts a thread here, linked to it.
    const parent = comment.parentId === null ? undefined : elsewhere.get(comment.parentId);
    if (parent) {
      const [before, after] = around(t.inReplyTo, "name");
      li.append(h("p", { class: "meta" }, before, h("a", { href: permalink(parent) }, h("bdi", {}, parent.author)), after));
    }
    li.append(commentBody(comment));
    if (open) {
      li.append(
        h("button", { type: "button", class: "link", "aria-label": fill(t.replyTo, "name", comment.author), onclick: () => startReply(comment, li) }, t.reply),
      );
    }
    const replies = children.get(comment.id) ?? [];
    if (replies.length > 0) li.append(h("ol", {}, ...replies.map((reply) => item(reply, children, elsewhere))));
    return li;
  }

  const setCount = (n: number) => {
    count = n;
    heading.textContent = t.commentCount(n);
    heading.hidden = false;
  };
  const openPage = (page: number) => () => void load(page).then(() => heading.focus());

  /** This reader's held comments on this thread, still within their ten minutes. */
  const heldComments = () =>
    (stored<{ comment: PublicComment; until: number }[]>(() => sessionStorage, heldKey) ?? []).filter((held) => held.until > Date.now());

  function heldNotice(comment: PublicComment): HTMLElement {
    return h("div", { class: "notice", role: "status", tabindex: -1 }, h("p", {}, h("strong", {}, t.awaitingModeration)), commentBody(comment, null));
  }

  function render(data: ThreadPage): void {
    open = data.thread.open;
    shownPage = data.page;
    const elsewhere = new Map(data.repliedTo.map((parent) => [parent.id, parent]));
    if (replyingTo) cancelReply();
    setCount(data.thread.commentCount);
    const shown = new Set(data.comments.map((comment) => comment.id));
    const children = new Map<number | null, PublicComment[]>();
    for (const comment of data.comments) {
      const parent = comment.parentId !== null && shown.has(comment.parentId) ? comment.parentId : null;
      children.set(parent, [...(children.get(parent) ?? []), comment]);
    }
    const pages = (data.previousPage ?? data.nextPage) !== null;
    list.replaceChildren(
      ...heldComments()
        .filter((held) => !shown.has(held.comment.id))
        .map((held) => heldNotice(held.comment)),
      h("ol", { class: "comments" }, ...(children.get(null) ?? []).map((comment) => item(comment, children, elsewhere))),
    );
    if (pages) {
      list.append(
        h(
          "nav",
          { class: "pages", "aria-label": t.commentPages },
          data.previousPage !== null && h("button", { type: "button", class: "link", onclick: openPage(data.previousPage) }, t.olderComments),
          data.nextPage !== null && h("button", { type: "button", class: "link", onclick: openPage(data.nextPage) }, t.newerComments),
        ),
      );
    }
    if (open) {
      list.append(respond);
      if (!config) void prepareForm();
    } else list.append(h("p", { class: "notice" }, t.commentsClosed));
  }

  async function load(page?: number | null): Promise<void> {
    try {
      const response = await fetch(page ? `${api}?cpage=${page}` : api, { mode: "cors", credentials: "omit" });
      if (!response.ok) throw new Error(String(response.status));
      render((await response.json()) as ThreadPage);
      status.textContent = "";
      status.hidden = true;
      showLinked();
    } catch {
      status.hidden = false;
      status.textContent = t.loadFailed;
    }
  }

  /** A link to one of the thread's comments (a feed's, an email's, "In reply to") shows it, opening the comment page that has it. */
  function showLinked(): void {
    const linked = linkedComment();
    const target = linked ? shadow.getElementById(`comment-${linked[1]}`) : null;
    if (target) {
      target.scrollIntoView();
      target.focus();
    }
  }
  window.addEventListener("hashchange", () => {
    const page = linkedComment()?.[2];
    if (page !== undefined && Number(page) !== shownPage) void load(Number(page));
    else showLinked();
  });

  // --- the form -------------------------------------------------------------

  const controls = {} as Record<Field, HTMLInputElement | HTMLTextAreaElement>;
  const errors = {} as Record<Field, HTMLElement>;
  function field(name: Field, label: string, required: boolean, type = "text", autocomplete?: string): HTMLElement {
    const id = `wp-${name}`;
    const common = { id, name, required, maxlength: LIMITS[name] };
    const control = name === "body" ? h("textarea", { ...common, rows: 8 }) : h("input", { ...common, type, autocomplete });
    controls[name] = control;
    errors[name] = h("span", { class: "error", id: `${id}-error`, hidden: true });
    return h("p", {}, h("label", { for: id }, label, required && h("span", { class: "required", "aria-hidden": "true" }, " *")), control, errors[name]);
  }

  const [notePrefix, noteSuffix] = around(t.privacyNote, "required");
  const summary = h("p", { class: "notice", role: "alert", tabindex: -1, hidden: true });
  const formStatus = h("p", { role: "status", class: "meta" });
  const remember = h("input", { id: "wp-remember", type: "checkbox" });
  const honeypot = h("input", { id: "wp-subject", name: "subject", type: "text", tabindex: -1, autocomplete: "off" });
  const turnstileBox = h("div");
  const notifyBox = h("div");
  const submit = h("button", { type: "submit" }, t.postComment);
  const replyTitle = h("h2", { id: "wp-reply-title" }, t.leaveReply);
  const form = h(
    "form",
    { novalidate: true, onsubmit: (event) => void send(event) },
    summary,
    h("p", { class: "note" }, notePrefix, h("span", { class: "required" }, "*"), noteSuffix),
    field("author", t.name, true, "text", "name"),
    field("email", t.email, true, "email", "email"),
    field("url", t.website, false, "url", "url"),
    field("body", t.comment, true),
    h("p", { class: "check" }, remember, " ", h("label", { for: "wp-remember" }, t.remember)),
    notifyBox,
    h("div", { class: "hp", "aria-hidden": "true" }, h("label", { for: "wp-subject" }, t.honeypot), honeypot),
    turnstileBox,
    h("p", {}, submit),
    formStatus,
  );
  const respond = h("section", { id: "respond", "aria-labelledby": "wp-reply-title" }, replyTitle, form);

  const saved = stored<Record<string, string>>(() => localStorage, REMEMBER_KEY);
  if (saved) {
    remember.checked = true;
    for (const name of ["author", "email", "url"] as const) if (typeof saved[name] === "string") controls[name].value = saved[name];
  }

  async function prepareForm(): Promise<void> {
    try {
      const response = await fetch(`${api}/form-token`, { mode: "cors", credentials: "omit", cache: "no-store" });
      config = (await response.json()) as FormConfig;
    } catch {
      return;
    }
    if (config.notifyOffered) {
      const choice = (value: string, label: string) =>
        h("label", {}, h("input", { type: "radio", name: "notify", value, checked: value === "none" }), label, h("br"));
      notifyBox.replaceChildren(
        h(
          "fieldset",
          {},
          h("legend", {}, t.notifyLegend),
          choice("none", t.notifyNone),
          choice("replies", t.notifyReplies),
          choice("thread", t.notifyThread),
          h("p", { class: "note" }, t.notifyNote),
        ),
      );
    }
    if (config.turnstileSiteKey) {
      const sitekey = config.turnstileSiteKey;
      const turnstile = await loadTurnstile().catch(() => undefined);
      turnstileId = turnstile?.render(turnstileBox, { sitekey, action: "comment", callback: (token) => (turnstileToken = token) });
    }
  }

  function startReply(comment: PublicComment, li: HTMLLIElement): void {
    replyingTo = comment;
    const [before, after] = around(t.leaveReplyTo, "name");
    replyTitle.replaceChildren(
      before,
      h("bdi", {}, comment.author),
      after,
      " ",
      h("button", { type: "button", class: "link", onclick: () => cancelReply(li) }, t.cancelReply),
    );
    li.querySelector("article")!.after(respond);
    controls.body.focus();
  }

  function cancelReply(li?: HTMLLIElement): void {
    replyingTo = null;
    replyTitle.replaceChildren(t.leaveReply);
    list.append(respond);
    li?.querySelector<HTMLButtonElement>(":scope > button")?.focus();
  }

  function showErrors(found: Partial<Record<string, string>>, general?: string): void {
    let first: HTMLElement | undefined;
    let marked = 0;
    for (const name of FIELDS) {
      const message = found[name];
      errors[name].hidden = !message;
      errors[name].textContent = message ?? "";
      if (message) {
        controls[name].setAttribute("aria-invalid", "true");
        controls[name].setAttribute("aria-describedby", errors[name].id);
        first ??= controls[name];
        marked += 1;
      } else {
        controls[name].removeAttribute("aria-invalid");
        controls[name].removeAttribute("aria-describedby");
      }
    }
    const other = general ?? Object.entries(found).find(([name]) => !(FIELDS as readonly string[]).includes(name))?.[1];
    summary.textContent = [marked > 0 ? t.correctFields(marked) : "", other ?? ""].filter(Boolean).join(" ");
    summary.hidden = summary.textContent === "";
    if (first) first.focus();
    else if (!summary.hidden) summary.focus();
  }

  /** The checks the server makes first, in the reader's language, before anything is sent. */
  function check(values: Record<Field, string>): Partial<Record<Field, string>> {
    const found: Partial<Record<Field, string>> = {};
    if (!values.author) found.author = t.missingName;
    if (!values.email) found.email = t.missingEmail;
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) found.email = t.invalidEmail;
    if (values.url) {
      try {
        const { protocol, hostname } = new URL(/^[a-z][a-z0-9+.-]*:/i.test(values.url) ? values.url : `https://${values.url}`);
        if (!/^https?:$/.test(protocol) || !hostname.includes(".")) found.url = t.invalidWebsite;
      } catch {
        found.url = t.invalidWebsite;
      }
    }
    if (!values.body) found.body = t.missingComment;
    return found;
  }

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    const values = Object.fromEntries(FIELDS.map((name) => [name, controls[name].value.trim()])) as Record<Field, string>;
    const found = check(values);
    if (Object.keys(found).length > 0) return showErrors(found);
    showErrors({});
    store(() => localStorage, REMEMBER_KEY, remember.checked ? { author: values.author, email: values.email, url: values.url } : null);
    submit.disabled = true;
    formStatus.textContent = t.sending;
    const notify = form.querySelector<HTMLInputElement>("input[name=notify]:checked")?.value;
    try {
      const response = await fetch(`${api}/comments`, {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        headers: { "Content-Type": "application/json", ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}) },
        body: JSON.stringify({
          ...values,
          parentId: replyingTo?.id ?? null,
          ...(notify ? { notify } : {}),
          pageUrl,
          pageTitle,
          formToken: config?.formToken,
          subject: honeypot.value,
          "cf-turnstile-response": turnstileToken,
        }),
      });
      const answer = (await response.json().catch(() => null)) as {
        comment?: PublicComment;
        status?: string;
        error?: { message: string; fields?: Record<string, string> };
      } | null;
      idempotencyKey = crypto.randomUUID?.();
      if (response.status === 201 && answer?.comment) posted(answer.comment, answer.status === "approved");
      else showErrors(answer?.error?.fields ?? {}, answer?.error?.fields ? undefined : (answer?.error?.message ?? t.sendFailed));
    } catch {
      showErrors({}, t.sendFailed);
    } finally {
      submit.disabled = false;
      formStatus.textContent = "";
      if (turnstileId !== undefined) {
        turnstileToken = "";
        void loadTurnstile().then((turnstile) => turnstile.reset(turnstileId!));
      }
    }
  }

  /** A comment just posted: shown at once where it belongs if published, else with the held notice, for its author only. */
  function posted(comment: PublicComment, approved: boolean): void {
    controls.body.value = "";
    const parent = replyingTo && shadow.getElementById(`comment-${replyingTo.id}`);
    cancelReply();
    let shown: HTMLElement;
    if (approved) {
      shown = item(comment, new Map());
      if (parent) {
        const replies = parent.querySelector(":scope > ol") ?? parent.appendChild(h("ol"));
        replies.append(shown);
      } else list.querySelector("ol.comments")!.append(shown);
      setCount(count + 1);
    } else {
      store(() => sessionStorage, heldKey, [...heldComments(), { comment, until: Date.now() + HELD_MS }]);
      shown = heldNotice(comment);
      list.prepend(shown);
    }
    shown.focus();
  }

  const linkedPage = linkedComment()?.[2];
  void load(linkedPage === undefined ? null : Number(linkedPage));
}

whenReady(() => {
  for (const host of document.querySelectorAll<HTMLElement>("[data-wirepost-thread]")) {
    // One container's trouble must not keep the others on the page from showing.
    try {
      if (!host.shadowRoot) mount(host);
    } catch (error) {
      console.error("wirepost: this comment section could not be shown", error);
    }
  }
});
