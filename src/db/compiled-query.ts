import { getTableColumns, Param, Placeholder, type Table } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Database } from "./client.ts";

type Built = { sql: string; params: unknown[] };

/**
 * A statement built once, by Drizzle from the schema, and then only bound on
 * each call: on the hottest paths, building SQL costs more CPU than D1 takes
 * to run it. `build` marks per-call values with `sql.placeholder(name)`.
 * Runs on the D1 the request's Drizzle `db` wraps (instrumented), so round trips
 * are counted and recorded as for any other query.
 */
export function compiledQuery<Values extends Record<string, unknown>>(build: (db: Database) => { toSQL(): Built }) {
  let built: Built | undefined;
  return (db: Database, values: Values): D1PreparedStatement => {
    // Building needs no connection: a Drizzle instance over nothing will do.
    built ??= build(drizzle({} as D1Database)).toSQL();
    const params = built.params.map((param) => {
      // An INSERT's values come wrapped, with their column (the caller gives values as D1 stores them).
      const value = param instanceof Param ? param.value : param;
      return value instanceof Placeholder ? values[value.name as keyof Values] : value;
    });
    return (db.$client as D1Database).prepare(built.sql).bind(...params);
  };
}

/** A row D1 returned (keyed by column names) as Drizzle would give it: keyed by the schema's names, values mapped (timestamps to Dates…). */
export function selectedRow(table: Table, row: Record<string, unknown>): Record<string, unknown> {
  const selected: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = row[column.name];
    selected[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return selected;
}
