// Writes a large synthetic WordPress export, for trying the importer at scale:
// `node scripts/generate-wxr.ts <out.xml> [posts=1000] [comments on the first post=100000]`.
// Not part of CI: `npm run import:wordpress -- <out.xml>` then shows streaming and batching at work.
import { createWriteStream } from "node:fs";

const [out = "large-export.xml", postsArg = "1000", commentsArg = "100000"] = process.argv.slice(2);
const posts = Number(postsArg);
const comments = Number(commentsArg);
const file = createWriteStream(out, { encoding: "utf8" });
const write = (text: string) => (file.write(text) ? Promise.resolve() : new Promise<void>((resolve) => file.once("drain", () => resolve())));
const body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(40);

await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Generated</title><wp:wxr_version>1.2</wp:wxr_version>
`);
for (let post = 1; post <= posts; post++) {
  await write(`<item><title>Generated post ${post}</title><guid isPermaLink="false">https://generated.example/?p=${post}</guid>
<content:encoded><![CDATA[${body}\n\n${body}]]></content:encoded><excerpt:encoded><![CDATA[Post ${post}]]></excerpt:encoded>
<wp:post_id>${post}</wp:post_id><wp:post_date_gmt>2024-01-01 00:00:00</wp:post_date_gmt><wp:post_name>generated-post-${post}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
`);
  const count = post === 1 ? comments : 0;
  for (let comment = 1; comment <= count; comment++) {
    const parent = comment > 1 && comment % 3 === 0 ? comment - 1 : 0;
    await write(`<wp:comment><wp:comment_id>${comment}</wp:comment_id><wp:comment_author><![CDATA[Reader ${comment}]]></wp:comment_author>
<wp:comment_author_email>reader${comment}@generated.example</wp:comment_author_email><wp:comment_author_IP>10.0.0.1</wp:comment_author_IP>
<wp:comment_date_gmt>2024-01-02 00:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Comment ${comment}: ${body.slice(0, 200)}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>
`);
  }
  await write("</item>\n");
}
await write("</channel></rss>\n");
file.end();
