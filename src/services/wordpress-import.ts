import type { AnyDatabase } from "../db/client.ts";
import { upsertIncomingArticle } from "../db/imports.ts";
import { articleFieldProblems } from "../domain/articles/admin-input.ts";
import { articleFromPost, commentFromWxr } from "../domain/wordpress/convert.ts";
import type { WxrEvent } from "../domain/wordpress/wxr.ts";
import { type ImportOptions, type ImportReport, importRecords } from "./import-records.ts";

/**
 * Turns a WordPress export's events into articles and comments (see
 * importRecords). Posts that aren't published posts, pingbacks and
 * trackbacks are skipped and counted; a record that breaks the rules new
 * articles and comments are held to is reported, and the import goes on.
 */
export function importWordPress(db: AnyDatabase, events: AsyncIterable<WxrEvent>, options: ImportOptions): Promise<ImportReport> {
  const imported = new Map<number, string>(); // WordPress post id → article guid
  return importRecords(db, events, options, {
    describe: (event) => `post ${event.post.postId}${event.kind === "comment" ? ` comment ${event.comment.commentId}` : ""} (${event.post.title.slice(0, 60)})`,
    async handle(event, actions) {
      if (event.kind === "post") {
        const article = await articleFromPost(event.post);
        if ("skipped" in article) return actions.skip("articles", article.skipped);
        const problems = articleFieldProblems(article);
        if (problems) return actions.refuse(problems);
        await upsertIncomingArticle(db, article, options.now);
        imported.set(event.post.postId, article.guid);
        return actions.articleIn(options.existing.has(article.guid));
      }
      const articleGuid = imported.get(event.post.postId);
      if (!articleGuid) return actions.skip("comments", "post not imported");
      const comment = await commentFromWxr(event.post, event.comment);
      if ("skipped" in comment) return actions.skip("comments", comment.skipped);
      await actions.comment({ ...comment, articleGuid });
    },
  });
}
