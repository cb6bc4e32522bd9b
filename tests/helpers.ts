import { env, exports } from "cloudflare:workers";
import launchArticleText from "../content/us-pakistan-security-cooperation.txt?raw";
import { upsertArticleByGuid } from "../src/db/articles.ts";
import { createDb } from "../src/db/client.ts";
import { parseTextArticle, type ArticleDraft } from "../src/domain/article-source.ts";
import { renderPlainText } from "../src/domain/plain-text.ts";

export const ORIGIN = "http://wirepost.test";
export const LAUNCH_GUID = "3a597137-7805-49c0-896e-7ec2c42b4b05";
export const LAUNCH_SLUG = "us-pakistan-security-cooperation";

/** Calls the Worker exactly as the runtime would for a request from outside. */
export function fetchWorker(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, ORIGIN), init));
}

export const db = () => createDb(env.DB);

export const launchArticle = (): ArticleDraft => parseTextArticle(launchArticleText, "launch.txt");

let counter = 0;
/** A distinct article for each call (storage is shared by the tests of one file). */
export function draftArticle(overrides: Partial<ArticleDraft> = {}): ArticleDraft {
  counter += 1;
  const body = overrides.body ?? `Body of test article ${counter}.`;
  return {
    guid: crypto.randomUUID(),
    slug: `test-article-${counter}-${crypto.randomUUID().slice(0, 8)}`,
    title: `Test article ${counter}`,
    summary: `Summary ${counter}`,
    body,
    bodyHtml: renderPlainText(body),
    source: null,
    publishedAt: new Date(Date.UTC(2025, 0, 1) + counter * 60_000),
    ...overrides,
  };
}

export async function seedArticle(draft: ArticleDraft = draftArticle(), now = new Date()): Promise<ArticleDraft> {
  await upsertArticleByGuid(db(), draft, now);
  return draft;
}
