import type { Site } from "../../domain/site.ts";
import { Layout } from "../layout.tsx";

/** `next`: the admin page to return to once signed in. */
export function SignInPage({ site, error, next }: { site: Site; error?: string | undefined; next?: string | undefined }) {
  return (
    <Layout site={site} title={`Sign in – ${site.title}`}>
      <h1>Moderation</h1>
      <form method="post" action="/admin/session" class="admin-sign-in">
        {error && (
          <p class="notice" role="alert">
            {error}
          </p>
        )}
        <p>
          <label for="admin-token">Admin token</label>
          <input id="admin-token" name="token" type="password" required autocomplete="current-password" />
        </p>
        {next && <input type="hidden" name="next" value={next} />}
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
    </Layout>
  );
}
