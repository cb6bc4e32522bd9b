/** The text of an error and of what caused it: D1 wraps SQLite's message, Drizzle wraps D1's. */
const detail = (error: unknown) => (error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error));

/**
 * Whether a write broke a unique constraint, optionally on `index`'s columns
 * (SQLite names them, e.g. `comments.article_id`): the one place that reads
 * SQLite's messages, so callers can answer a conflict instead of an outage.
 */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  const text = detail(error);
  return /UNIQUE constraint failed/.test(text) && (column === undefined || text.includes(column));
}

/** Any broken constraint: a bug or a conflict a route should have answered, never an outage. */
const isConstraintViolation = (error: unknown) => /SQLITE_CONSTRAINT|constraint failed/i.test(detail(error));

/** Whether an error came from the database (D1 or SQLite) rather than the code: the site is briefly unavailable. */
export function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error) || isConstraintViolation(error)) return false;
  return error.name === "DrizzleQueryError" || /\bD1_|SQLITE_/.test(detail(error));
}

// Errors D1 documents as transient: the same query may well succeed at once.
const TRANSIENT = /Network connection lost|storage caused object to be reset|reset because its code was updated|D1_ERROR: (internal error|overloaded)/i;

/** Whether D1 said the failure was transient (a read may be retried once). */
export const isTransientD1Error = (error: unknown) => error instanceof Error && TRANSIENT.test(detail(error));
