import type { AnyDatabase } from "../db/client.ts";
import { createOutsideThread } from "../db/outside-threads.ts";
import { articleFieldProblems } from "../domain/articles/admin-input.ts";
import { outsideCommentInput } from "../domain/comments/input.ts";
import { articleSlugOfLink, commentFromDisqus } from "../domain/disqus/disqus-convert.ts";
import type { DisqusRecord } from "../domain/disqus/disqus-xml.ts";
import { stableUuid } from "../domain/stable-ids.ts";
import { onAllowedSite, outsideSlug, threadIdForUrl } from "../domain/thread-ids.ts";
import { type ImportOptions, type ImportReport, importRecords } from "./import-records.ts";

export interface DisqusImportOptions extends ImportOptions {
  /** Every article and outside thread already stored: slug → guid (a thread joins one of them rather than being created again). */
  threads: Map<string, string>;
  /** Our own site's origins (SITE_URL's): a thread whose link is one of our articles brings its comments to that article. */
  ourOrigins: string[];
  /** The sites allowed to embed comments (the `allowedOrigins` setting): every other thread's link must be on one. */
  allowedOrigins: string[];
}

const NOT_ALLOWED = "Not on a site allowed to embed comments (EMBED_ORIGINS, or allowedOrigins in the settings).";

/**
 * Moves a Disqus export in (see importRecords). Each thread becomes an
 * outside page's thread under its link's default thread id, exactly what the
 * widget asks for on that page, so a site that swaps Disqus's embed for ours
 * keeps its comments. A link is moved to the allowed site of its host (an
 * old `http://www.` address to today's https one), and threads whose links
 * then repeat (tracking parameters too) join one; a thread on no allowed
 * site is refused and reported. A thread on one of our own articles brings
 * its comments to the article. Deleted threads are skipped; posts keep their
 * replies, their status (spam, deleted ones in the trash, the rest
 * published) and their authors, whose emails are encrypted and hashed as
 * new commenters' are. Guids derive from Disqus's ids, so running it again
 * adds nothing twice.
 */
export function importDisqus(db: AnyDatabase, records: AsyncIterable<DisqusRecord>, options: DisqusImportOptions): Promise<ImportReport> {
  const joined = new Map<string, string>(); // Disqus thread id → the guid of the article or thread its posts join
  return importRecords(db, records, options, {
    describe: (record) =>
      record.kind === "thread"
        ? `thread ${record.thread.dsqId} (${record.thread.link.slice(0, 80)})`
        : `post ${record.post.dsqId} (thread ${record.post.threadId})`,
    async handle(record, actions) {
      if (record.kind === "post") {
        const articleGuid = joined.get(record.post.threadId);
        if (!articleGuid) return actions.skip("comments", "thread not imported");
        const comment = await commentFromDisqus(record.post);
        if ("skipped" in comment) return actions.skip("comments", comment.skipped);
        return actions.comment({ ...comment, articleGuid });
      }
      const { thread } = record;
      if (thread.isDeleted) return actions.skip("articles", "deleted");
      const ours = articleSlugOfLink(thread.link, options.ourOrigins);
      const article = ours === undefined ? undefined : options.threads.get(ours);
      if (article) {
        joined.set(thread.dsqId, article);
        return actions.articleIn(true);
      }
      // Held to the rules a page's first comment is: an http(s) address on an allowed site, a title.
      const link = onAllowedSite(thread.link, options.allowedOrigins);
      const page = outsideCommentInput.shape.pageUrl.safeParse(link ?? thread.link);
      const title = thread.title || thread.link;
      const problems = {
        ...(page.success ? (link === undefined ? { link: NOT_ALLOWED } : {}) : { link: page.error.issues[0]!.message }),
        ...articleFieldProblems({ title, summary: "" }),
      };
      const threadId = page.success ? threadIdForUrl(page.data) : undefined;
      if (!page.success || !threadId || Object.keys(problems).length > 0) return actions.refuse(problems);
      const slug = outsideSlug(threadId);
      const existing = options.threads.get(slug);
      const guid = existing ?? (await stableUuid(`disqus:thread:${threadId}`));
      if (!existing) {
        const createdAt = new Date(thread.createdAt);
        const began = Number.isNaN(createdAt.getTime()) ? options.now : createdAt;
        await createOutsideThread(db, { slug, pageUrl: page.data, title, guid, createdAt: began, closed: thread.isClosed }, options.now);
        options.threads.set(slug, guid);
      }
      joined.set(thread.dsqId, guid);
      actions.articleIn(existing !== undefined);
    },
  });
}
