import { raw } from "hono/html";
import type { Site } from "../domain/site.ts";
import { Layout } from "./layout.tsx";

interface LinkPageProps {
  site: Site;
  title: string;
  message: string;
  /** The question's button: the form posts back to the link itself. */
  button?: { label: string; action: string } | undefined;
  /** The comment an owner's moderation link acts on. */
  comment?: { author: string; bodyHtml: string; article: string } | undefined;
}

/** What a link from an email shows: the question it asks before acting (mail scanners open links), or what it did. */
export function LinkPage({ site, title, message, button, comment }: LinkPageProps) {
  return (
    <Layout site={site} title={`${title} – ${site.title}`}>
      <h1>{title}</h1>
      <p role="status">{message}</p>
      {comment && (
        <blockquote>
          <p class="comment-meta">
            <b class="comment-author">
              <bdi>{comment.author}</bdi>
            </b>{" "}
            on {comment.article}
          </p>
          <div class="comment-content">{raw(comment.bodyHtml)}</div>
        </blockquote>
      )}
      {button && (
        <form method="post" action={button.action}>
          <p>
            <button type="submit">{button.label}</button>
          </p>
        </form>
      )}
    </Layout>
  );
}
