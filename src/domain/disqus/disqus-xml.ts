import { SaxesParser } from "saxes";

/** A thread of a Disqus export (`<thread dsq:id>`): a page Disqus had comments on. Fields as text. */
interface DisqusThread {
  dsqId: string;
  /** The `disqus_identifier` the page gave, if any. */
  identifier: string;
  link: string;
  title: string;
  createdAt: string;
  isClosed: boolean;
  isDeleted: boolean;
}

/** A post (a comment) of a Disqus export (`<post dsq:id>`), its message HTML. */
export interface DisqusPost {
  dsqId: string;
  /** Its thread's `dsq:id`. */
  threadId: string;
  /** The `dsq:id` of the post it replies to, if any. */
  parentId: string | null;
  message: string;
  createdAt: string;
  isDeleted: boolean;
  isSpam: boolean;
  author: { name: string; email: string; username: string; isAnonymous: boolean };
}

export type DisqusRecord = { kind: "thread"; thread: DisqusThread } | { kind: "post"; post: DisqusPost };

const THREAD_FIELDS = { id: "identifier", link: "link", title: "title", createdAt: "createdAt", isClosed: "isClosed", isDeleted: "isDeleted" } as const;
const POST_FIELDS = { message: "message", createdAt: "createdAt", isDeleted: "isDeleted", isSpam: "isSpam" } as const;
const AUTHOR_FIELDS = { name: "name", email: "email", username: "username", isAnonymous: "isAnonymous" } as const;

const emptyThread = (dsqId: string): DisqusThread => ({ dsqId, identifier: "", link: "", title: "", createdAt: "", isClosed: false, isDeleted: false });
const emptyPost = (dsqId: string): DisqusPost => ({
  dsqId,
  threadId: "",
  parentId: null,
  message: "",
  createdAt: "",
  isDeleted: false,
  isSpam: false,
  author: { name: "", email: "", username: "", isAnonymous: false },
});

const isTrue = (text: string) => text.trim() === "true";

/**
 * Reads a Disqus export (XML) as a stream: each thread and each post is
 * yielded as soon as it is read, so memory stays flat however large the
 * file. Disqus writes every thread before the posts; categories and fields
 * not used here are passed over.
 */
export async function* readDisqus(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<DisqusRecord> {
  const parser = new SaxesParser({ xmlns: false });
  const ready: DisqusRecord[] = [];
  let thread: DisqusThread | null = null;
  let post: DisqusPost | null = null;
  let inAuthor = false;
  let field: string | null = null;
  let text = "";
  let depth = 0;

  parser.on("opentag", (tag) => {
    depth += 1;
    text = "";
    field = null;
    const dsqId = String(tag.attributes["dsq:id"] ?? "");
    if (depth === 2 && tag.name === "thread") thread = emptyThread(dsqId);
    else if (depth === 2 && tag.name === "post") post = emptyPost(dsqId);
    else if (post && depth === 3 && tag.name === "thread") post.threadId = dsqId;
    else if (post && depth === 3 && tag.name === "parent") post.parentId = dsqId || null;
    else if (post && depth === 3 && tag.name === "author") inAuthor = true;
    else if (post && inAuthor && depth === 4 && tag.name in AUTHOR_FIELDS) field = tag.name;
    else if ((post || thread) && depth === 3 && tag.name in (post ? POST_FIELDS : THREAD_FIELDS)) field = tag.name;
  });
  const collect = (data: string) => {
    if (field) text += data;
  };
  parser.on("text", collect);
  parser.on("cdata", collect);
  parser.on("closetag", (tag) => {
    if (field === tag.name) {
      if (post && inAuthor) {
        const key = AUTHOR_FIELDS[field as keyof typeof AUTHOR_FIELDS];
        if (key === "isAnonymous") post.author.isAnonymous = isTrue(text);
        else post.author[key] = text.trim();
      } else if (post) {
        const key = POST_FIELDS[field as keyof typeof POST_FIELDS];
        if (key === "isDeleted" || key === "isSpam") post[key] = isTrue(text);
        else post[key] = key === "message" ? text : text.trim();
      } else if (thread) {
        const key = THREAD_FIELDS[field as keyof typeof THREAD_FIELDS];
        if (key === "isClosed" || key === "isDeleted") thread[key] = isTrue(text);
        else thread[key] = text.trim();
      }
      field = null;
    } else if (post && depth === 3 && tag.name === "author") inAuthor = false;
    else if (depth === 2 && tag.name === "thread" && thread) {
      ready.push({ kind: "thread", thread });
      thread = null;
    } else if (depth === 2 && tag.name === "post" && post) {
      ready.push({ kind: "post", post });
      post = null;
    }
    depth -= 1;
  });

  for await (const chunk of chunks) {
    parser.write(chunk);
    yield* ready.splice(0);
  }
  parser.close();
  yield* ready.splice(0);
}
