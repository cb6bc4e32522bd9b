import { Placeholder } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Database } from "./client.ts";

type Built = { sql: string; params: unknown[] };

/**
 * A statement built once, by Drizzle from the schema, and then only bound on
 * each call: on the hottest paths, building SQL costs more CPU than D1 takes
 * to run it. `build` marks per-call values with `sql.placeholder(name)`.
 * Runs on the request's D1 (the session Drizzle `db` wraps), so round trips
 * are counted and recorded as for any other query.
 */
export function compiledQuery<Values extends Record<string, unknown>>(build: (db: Database) => { toSQL(): Built }) {
  let built: Built | undefined;
  return (db: Database, values: Values): D1PreparedStatement => {
    // Building needs no connection: a Drizzle instance over nothing will do.
    built ??= build(drizzle({} as D1Database)).toSQL();
    const params = built.params.map((param) => (param instanceof Placeholder ? values[param.name as keyof Values] : param));
    return (db.$client as D1Database).prepare(built.sql).bind(...params);
  };
}
