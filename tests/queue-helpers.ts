import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { vi } from "vitest";
import type { Job } from "../src/domain/notifications/jobs.ts";
import worker from "../src/index.ts";
import { nextClientIp, sameIsolate } from "./helpers.ts";
import { type ReadEmail, readEmail } from "./mime-reader.ts";

/** Email links must be HTTPS (Cloudflare refuses a plain-HTTP List-Unsubscribe), so these tests call the site as one. */
export const SECURE_ORIGIN = "https://wirepost.test";

export function fetchSecure(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, SECURE_ORIGIN), init));
}

/** The admin side over HTTPS, in this isolate (`sameIsolate`): the jobs it queues reach a spied queue too. */
export function adminSecure(path: string, init?: RequestInit): Promise<Response> {
  return sameIsolate.request(`${SECURE_ORIGIN}${path}`, init);
}

/** POSTs a comment to the JSON API over HTTPS, from a client of its own. */
export async function postSecure(slug: string, payload: Record<string, unknown>, ip = nextClientIp()) {
  const response = await fetchSecure(`/api/articles/${slug}/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
    body: JSON.stringify(payload),
  });
  return { response, body: await response.json<{ comment: { id: number }; status: string; notify: string }>() };
}

/** Changes a comment's status through the admin API, over HTTPS (its events carry that base URL into emails), in this isolate. */
export async function moderateSecure(id: number, status: "approved" | "pending" | "spam" | "trash" | "delete") {
  const init: RequestInit = { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() } };
  const response = await adminSecure(
    `/api/admin/comments/${id}`,
    status === "delete" ? { ...init, method: "DELETE" } : { ...init, method: "PATCH", body: JSON.stringify({ status }) },
  );
  if (!response.ok) throw new Error(`moderation failed: ${response.status}`);
}

export interface SentEmail extends ReadEmail {
  to: string;
}

/**
 * Every email given to the EMAIL binding, read back from its raw MIME. The
 * real local binding still gets it (and checks Message-ID and From), unless
 * `failWith` makes every send throw as Cloudflare's errors do.
 */
export function spyOnEmails(failWith?: string): SentEmail[] {
  const sent: SentEmail[] = [];
  const send = env.EMAIL.send;
  vi.spyOn(env.EMAIL, "send").mockImplementation((async (message: EmailMessage) => {
    // The local runtime keeps an EmailMessage's raw text under this key.
    sent.push({ to: message.to, ...readEmail((message as unknown as Record<string, string>)["EmailMessage::raw"]!) });
    if (failWith) throw Object.assign(new Error(`${failWith}: could not deliver to ${message.to}`), { code: failWith });
    // An RPC stub: called as it is, not through .call or .bind (which it would take for remote methods).
    return Reflect.apply(send, env.EMAIL, [message]) as Promise<EmailSendResult>;
  }) as typeof env.EMAIL.send);
  return sent;
}

export interface Queued {
  body: Job;
  delaySeconds: number | undefined;
}

/** Jobs given to the queue, caught instead of delivered, so a test runs each step through the consumer itself. */
export function catchQueued(): Queued[] {
  const queued: Queued[] = [];
  vi.spyOn(env.NOTIFICATIONS, "send").mockImplementation(async (body, options) => {
    queued.push({ body: body as Job, delaySeconds: options?.delaySeconds });
    return {} as QueueSendResponse;
  });
  vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockImplementation(async (messages) => {
    for (const message of messages) queued.push({ body: message.body as Job, delaySeconds: message.delaySeconds });
    return {} as QueueSendBatchResponse;
  });
  return queued;
}

/** The Worker's queue handler run on `jobs` as the queue would deliver them, with settings changed by `vars`: what it acked and retried. */
export async function consume(
  jobs: Job[],
  { vars = {}, attempts = 1, queue = "wirepost-notifications" }: { vars?: Record<string, string>; attempts?: number; queue?: string } = {},
) {
  const batch = createMessageBatch<Job>(
    queue,
    jobs.map((body, i) => ({ id: `job-${i}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await (worker.queue as ExportedHandlerQueueHandler<Env, Job>)(batch, { ...env, ...vars } as Env, ctx);
  return getQueueResult(batch, ctx);
}

/** Runs the caught jobs, and those they queue in turn, until none is left (delays are not waited for). */
export async function drain(queued: Queued[], vars: Record<string, string> = {}): Promise<void> {
  for (let round = 0; queued.length > 0 && round < 10; round++)
    await consume(
      queued.splice(0).map(({ body }) => body),
      { vars },
    );
}
