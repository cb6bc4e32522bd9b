import { type Context, Hono } from "hono";
import * as z from "zod/mini";
import { commentStatuses } from "../domain/comments/comment.ts";
import { type CommenterRuleKind, discussionPatch } from "../domain/comments/discussion.ts";
import type { AppEnv } from "../env.ts";
import { AppError, notFound } from "../http/errors.ts";
import { ruleJson } from "../http/owner-json.ts";
import { moderationRefusal } from "../http/refusals.ts";
import { jsonBody, limitBody, readJson } from "../http/request-body.ts";
import { invalidPayload, validated } from "../http/validate.ts";
import { commenterRules, liftRule, liftRuleFromComment, ruleFromComment } from "../services/commenter-trust.ts";
import { moderateComments } from "../services/moderate-comment.ts";
import { discussionSettings, updateDiscussion } from "../services/site-discussion.ts";

/**
 * The discussion side of the owner's API (mounted inside `/api/admin`, behind
 * its token check): settings, bulk moderation, blocked and trusted commenters
 * (an article's comment status is a field of the articles API's PATCH).
 */
export const adminDiscussionApi = new Hono<AppEnv>();

const json = jsonBody();

adminDiscussionApi.get("/settings", async (c) => c.json({ settings: await discussionSettings(c.var.db, c.var.settings) }));

adminDiscussionApi.patch("/settings", ...json, validated("json", discussionPatch), async (c) => {
  return c.json({ settings: await updateDiscussion(c.var.db, c.var.effects, c.var.settings, c.req.valid("json"), new Date()) });
});

const bulkRequest = z.object({
  ids: z
    .array(z.int("ids must be comment ids.").check(z.positive("ids must be comment ids.")), "ids must be a list of comment ids.")
    .check(z.minLength(1, "Choose at least one comment."), z.maxLength(500, "At most 500 comments at once.")),
  status: z.enum(commentStatuses, `status must be one of ${commentStatuses.join(", ")}.`),
});

/** Many comments to one status, in one batch. */
adminDiscussionApi.post("/comments/bulk", ...json, validated("json", bulkRequest), async (c) => {
  const { ids, status } = c.req.valid("json");
  const result = await moderateComments(c.var.db, c.var.effects, ids, status);
  if (result.outcome !== "done") throw moderationRefusal(result);
  return c.json({ updated: result.updated });
});

function idParam(c: Context, what: "Comment" | "Rule"): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound(what);
  return id;
}

const blockOptions = z.object({ address: z.optional(z.boolean("address must be true or false.")) });

/** `{ "address": true }` (optional) blocks the commenter's client address too. */
async function ruleOptions(c: Context): Promise<boolean> {
  const length = c.req.header("Content-Length");
  if (length === "0" || (!c.req.header("Content-Type") && !length)) return false;
  if (!c.req.header("Content-Type")?.startsWith("application/json")) throw new AppError(415, "unsupported_media_type", "Send the request as application/json.");
  const parsed = blockOptions.safeParse(await readJson(c));
  if (!parsed.success) throw invalidPayload({ address: "address must be true or false." });
  return parsed.data.address ?? false;
}

for (const kind of ["block", "trust"] as const satisfies CommenterRuleKind[]) {
  adminDiscussionApi.post(`/comments/:id/${kind}`, limitBody(), async (c) => {
    const withAddress = kind === "block" && (await ruleOptions(c));
    const rule = await ruleFromComment(c.var.db, idParam(c, "Comment"), kind, withAddress, new Date());
    if (!rule) throw notFound("Comment");
    return c.json({ rule: ruleJson(rule) });
  });
  adminDiscussionApi.delete(`/comments/:id/${kind}`, async (c) => c.json({ removed: await liftRuleFromComment(c.var.db, idParam(c, "Comment"), kind) }));
}

adminDiscussionApi.get("/commenter-rules", async (c) => c.json({ rules: (await commenterRules(c.var.db)).map(ruleJson) }));

adminDiscussionApi.delete("/commenter-rules/:id", async (c) => {
  if (!(await liftRule(c.var.db, idParam(c, "Rule")))) throw notFound("Rule");
  return c.body(null, 204);
});
