const PAGES = [
  ["comments", "/admin", "Comments"],
  ["articles", "/admin/articles", "Articles"],
  ["settings", "/admin/settings", "Discussion settings"],
  ["commenters", "/admin/commenters", "Blocked and trusted"],
] as const;

/** One of the admin's pages, as its navigation names it. */
type AdminSection = (typeof PAGES)[number][0];

/** Every admin page's navigation: moderation, the articles desk, the discussion settings, blocked and trusted commenters, and signing out. */
export function AdminNav({ csrf, current }: { csrf: string; current: AdminSection }) {
  return (
    <nav class="admin-nav" aria-label="Admin">
      <ul>
        {PAGES.map(([page, href, label]) => (
          <li>
            <a href={href} aria-current={page === current ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
      <form method="post" action="/admin/signout">
        <input type="hidden" name="csrf" value={csrf} />
        <button type="submit">Sign out</button>
      </form>
    </nav>
  );
}
