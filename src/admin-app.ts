import { createApp } from "./app.tsx";
import { adminApi } from "./routes/admin-api.ts";
import { adminPage } from "./routes/admin-page.tsx";
import { deskPages } from "./routes/desk-pages.tsx";

/**
 * The admin Worker's app (src/admin-worker.ts): the owner's API, moderation
 * and desk, behind the reader, which forwards `/admin…` and `/api/admin…`
 * here unchanged. Its writes' purges go back to the reader with the answer.
 */
export const adminApp = createApp({
  purges: "by-reader",
  routes: [
    ["/api/admin", adminApi],
    ["/admin", adminPage],
    ["/admin/articles", deskPages],
  ],
});
