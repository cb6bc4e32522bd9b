import { createApp } from "./app.tsx";
import { embedCors } from "./http/embed-cors.ts";
import { adminOff } from "./routes/admin-off.ts";
import { apiArticles } from "./routes/api-articles.ts";
import { apiComments } from "./routes/api-comments.ts";
import { apiThreads } from "./routes/api-threads.ts";
import { commentFormPost } from "./routes/comment-form-post.tsx";
import { crawlers } from "./routes/crawlers.ts";
import { feeds } from "./routes/feeds.ts";
import { hub } from "./routes/hub.ts";
import { mediaFiles } from "./routes/media-files.ts";
import { movedArticles } from "./routes/moved-articles.ts";
import { notificationLinks } from "./routes/notification-links.tsx";
import { pages } from "./routes/pages.tsx";
import { termPages } from "./routes/term-pages.tsx";
import { wordpressRedirects } from "./routes/wordpress-redirects.ts";

/**
 * The reader Worker's app (src/index.ts): everything the public reaches.
 * The owner's side is the admin Worker's (src/admin-app.ts), reached through
 * the ADMIN service binding before this app runs (src/http/admin-gateway.ts).
 */
export const readerApp = createApp({
  purges: "here",
  // Other sites' pages read and post here: the CORS headers go on every answer, cached or not.
  middleware: [
    ["/api/threads/*", embedCors()],
    ["/api/counts", embedCors()],
  ],
  routes: [
    // Before the routes it wraps: it answers their 404s for an article's old slug.
    ["/", movedArticles],
    ["/", pages],
    ["/", commentFormPost],
    ["/", feeds],
    ["/", termPages],
    ["/", crawlers],
    ["/", hub],
    ["/api", apiArticles],
    ["/api", apiComments],
    ["/api", apiThreads],
    // Reached only when the admin Worker isn't (no ADMIN binding, or it failed).
    ["/api/admin", adminOff],
    ["/admin", adminOff],
    ["/", mediaFiles],
    ["/notifications", notificationLinks],
    ["/", wordpressRedirects],
  ],
});
