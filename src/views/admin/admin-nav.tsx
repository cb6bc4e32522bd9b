/** The admin pages' navigation: moderation, the articles desk, and signing out. */
export function AdminNav({ csrf, current }: { csrf: string; current: "comments" | "articles" | "new" | undefined }) {
  const link = (href: string, label: string, page: typeof current) => (
    <li>
      <a href={href} aria-current={current === page ? "page" : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <nav class="admin-nav" aria-label="Admin">
      <ul>
        {link("/admin", "Comments", "comments")}
        {link("/admin/articles", "Articles", "articles")}
        {link("/admin/articles/new", "New article", "new")}
      </ul>
      <form method="post" action="/admin/signout">
        <input type="hidden" name="csrf" value={csrf} />
        <button type="submit">Sign out</button>
      </form>
    </nav>
  );
}
