import { type Context, Hono } from "hono";
import { type DiscussionSettings, defaultDiscussion, discussionPatch } from "../domain/comments/discussion.ts";
import { fieldErrors } from "../domain/text-fields.ts";
import type { AppEnv } from "../env.ts";
import { adminFormPost, adminPageCsrf, backTo, requireSessionForm } from "../http/admin-session.tsx";
import { notFound } from "../http/errors.ts";
import { renderPage } from "../http/render.ts";
import { commenterRules, liftRule } from "../services/commenter-trust.ts";
import { discussionSettings, updateDiscussion } from "../services/site-discussion.ts";
import { CommentersPage, SettingsPage } from "../views/admin/discussion-pages.tsx";

/** `/admin/settings` and `/admin/commenters` (mounted inside the moderation page's app). */
export const adminDiscussionPages = new Hono<AppEnv>();

/** Settings as the form shows them: check boxes "on" or "", lists one entry per line. */
const formValues = (settings: DiscussionSettings): Record<string, string> =>
  Object.fromEntries(
    Object.entries(settings).map(([name, value]) => [
      name,
      typeof value === "boolean" ? (value ? "on" : "") : Array.isArray(value) ? value.join("\n") : String(value),
    ]),
  );

/** The form's strings as the API's JSON (each setting typed as its default is), for the same schema to check. */
const fromForm = (form: Record<string, string>, defaults: DiscussionSettings) =>
  Object.fromEntries(
    Object.entries(defaults).map(([name, example]) => {
      const value = form[name] ?? "";
      if (typeof example === "boolean") return [name, value === "on"];
      if (typeof example === "number") return [name, value.trim() === "" ? Number.NaN : Number(value)];
      if (Array.isArray(example))
        return [
          name,
          value
            .split("\n")
            .map((line) => line.trim())
            .filter((line) => line !== ""),
        ];
      return [name, value];
    }),
  );

const settingsPage = (c: Context<AppEnv>, csrf: string, values: Record<string, string>, errors = {}) =>
  renderPage(
    c,
    <SettingsPage
      site={c.var.site}
      csrf={csrf}
      values={values}
      errors={errors}
      saved={c.req.query("saved") !== undefined}
      email={c.var.settings.email !== null}
      webhook={c.var.settings.notify !== null}
      ai={c.env.AI !== undefined}
    />,
    Object.keys(errors).length > 0 ? 422 : 200,
  );

adminDiscussionPages.get("/settings", async (c) => {
  const csrf = await adminPageCsrf(c);
  if (csrf instanceof Response) return csrf;
  return settingsPage(c, csrf, formValues(await discussionSettings(c.var.db, c.var.settings)));
});

adminDiscussionPages.post("/settings", ...adminFormPost(), async (c) => {
  const form = await requireSessionForm(c);
  const parsed = discussionPatch.safeParse(fromForm(form, defaultDiscussion(c.var.settings)));
  if (!parsed.success) return settingsPage(c, form.csrf!, form, fieldErrors(parsed.error));
  await updateDiscussion(c.var.db, c.var.effects, c.var.settings, parsed.data, new Date());
  return c.redirect("/admin/settings?saved", 303);
});

adminDiscussionPages.get("/commenters", async (c) => {
  const csrf = await adminPageCsrf(c);
  if (csrf instanceof Response) return csrf;
  return renderPage(c, <CommentersPage site={c.var.site} csrf={csrf} rules={await commenterRules(c.var.db)} />);
});

adminDiscussionPages.post("/commenter-rules/:id/delete", ...adminFormPost(), async (c) => {
  const form = await requireSessionForm(c);
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0 || !(await liftRule(c.var.db, id))) throw notFound("Rule");
  return backTo(c, form.back);
});
