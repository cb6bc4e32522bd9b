import { SaxesParser } from "saxes";

/** A post as WordPress exported it (WXR 1.1/1.2), fields as text. */
export interface WxrPost {
  postId: number;
  guid: string;
  title: string;
  link: string;
  pubDate: string;
  postDateGmt: string;
  postName: string;
  status: string;
  postType: string;
  content: string;
  excerpt: string;
  /** The byline: the author's display name (from the export's `wp:author` list), else their login. */
  author: string;
  /** `<category domain="category|post_tag" nicename="…">Name</category>` */
  categories: { domain: string; nicename: string; name: string }[];
}

export interface WxrComment {
  commentId: number;
  author: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  dateGmt: string;
  content: string;
  approved: string;
  type: string;
  parent: number;
}

export type WxrEvent = { kind: "post"; post: WxrPost } | { kind: "comment"; post: WxrPost; comment: WxrComment };

const POST_FIELDS: Record<string, keyof WxrPost> = {
  "wp:post_id": "postId",
  guid: "guid",
  title: "title",
  link: "link",
  pubDate: "pubDate",
  "wp:post_date_gmt": "postDateGmt",
  "wp:post_name": "postName",
  "wp:status": "status",
  "wp:post_type": "postType",
  "content:encoded": "content",
  "excerpt:encoded": "excerpt",
  "dc:creator": "author",
};

/** The export's authors, listed before the posts: login → display name. */
const AUTHOR_FIELDS: Record<string, "login" | "name"> = { "wp:author_login": "login", "wp:author_display_name": "name" };

const COMMENT_FIELDS: Record<string, keyof WxrComment> = {
  "wp:comment_id": "commentId",
  "wp:comment_author": "author",
  "wp:comment_author_email": "authorEmail",
  "wp:comment_author_url": "authorUrl",
  "wp:comment_author_IP": "authorIp",
  "wp:comment_date_gmt": "dateGmt",
  "wp:comment_content": "content",
  "wp:comment_approved": "approved",
  "wp:comment_type": "type",
  "wp:comment_parent": "parent",
};

const NUMERIC = new Set<string>(["postId", "commentId", "parent"]);

function emptyPost(): WxrPost {
  return {
    postId: 0,
    guid: "",
    title: "",
    link: "",
    pubDate: "",
    postDateGmt: "",
    postName: "",
    status: "",
    postType: "",
    content: "",
    excerpt: "",
    author: "",
    categories: [],
  };
}
function emptyComment(): WxrComment {
  return { commentId: 0, author: "", authorEmail: "", authorUrl: "", authorIp: "", dateGmt: "", content: "", approved: "", type: "", parent: 0 };
}

/**
 * Reads a WordPress export as a stream: posts and their comments are yielded
 * one at a time as the XML arrives, so memory stays flat however large the
 * file. A post is yielded once its own fields are read (before its comments,
 * which WordPress writes last in each item).
 */
export async function* readWxr(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<WxrEvent> {
  const parser = new SaxesParser({ xmlns: false });
  const ready: WxrEvent[] = [];
  let post: WxrPost | null = null;
  let postYielded = false;
  let comment: WxrComment | null = null;
  let field: string | null = null;
  let text = "";
  let depth = 0;
  let itemDepth = -1;
  let category: WxrPost["categories"][number] | null = null;
  const authorNames = new Map<string, string>();
  let author: { login: string; name: string } | null = null;

  const set = <T extends object>(target: T, key: keyof T, value: string) => {
    (target as Record<keyof T, unknown>)[key] = NUMERIC.has(key as string) ? Number(value.trim()) || 0 : value;
  };
  const yieldPost = () => {
    if (post && !postYielded) {
      post.author = authorNames.get(post.author.trim()) || post.author.trim();
      ready.push({ kind: "post", post });
      postYielded = true;
    }
  };

  parser.on("opentag", (tag) => {
    depth += 1;
    if (tag.name === "item") {
      post = emptyPost();
      postYielded = false;
      itemDepth = depth;
    } else if (post && tag.name === "wp:comment") {
      yieldPost();
      comment = emptyComment();
    } else if (post && depth === itemDepth + 1 && tag.name === "category") {
      category = { domain: String(tag.attributes.domain ?? ""), nicename: String(tag.attributes.nicename ?? ""), name: "" };
      field = tag.name;
    } else if (post && depth === itemDepth + 1 && tag.name in POST_FIELDS) field = tag.name;
    else if (comment && tag.name in COMMENT_FIELDS) field = tag.name;
    else if (!post && tag.name === "wp:author") author = { login: "", name: "" };
    else if (author && tag.name in AUTHOR_FIELDS) field = tag.name;
    text = "";
  });
  const collect = (data: string) => {
    if (field) text += data;
  };
  parser.on("text", collect);
  parser.on("cdata", collect);
  parser.on("closetag", (tag) => {
    if (field === tag.name) {
      if (category && post) post.categories.push({ ...category, name: text });
      else if (comment) set(comment, COMMENT_FIELDS[tag.name]!, text);
      else if (post) set(post, POST_FIELDS[tag.name]!, text);
      else if (author) author[AUTHOR_FIELDS[tag.name]!] = text.trim();
      category = null;
      field = null;
    } else if (tag.name === "wp:author" && author) {
      if (author.login && author.name) authorNames.set(author.login, author.name);
      author = null;
    } else if (tag.name === "wp:comment" && post && comment) {
      ready.push({ kind: "comment", post, comment });
      comment = null;
    } else if (tag.name === "item") {
      yieldPost();
      post = null;
      itemDepth = -1;
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
