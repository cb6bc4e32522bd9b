/** On /admin: how many notifications (emails, webhook calls) failed every retry, and where to see them. */
export function DeadLetters({ count }: { count: number }) {
  return (
    <p class={count > 0 ? "notice" : "note"} id="dead-letters">
      Failed notifications: {count}
      {count > 0 && <> (list, retry or drop them with the admin API: GET, POST /retry, DELETE /api/admin/dead-letters)</>}
    </p>
  );
}
