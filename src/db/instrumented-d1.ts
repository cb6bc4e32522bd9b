import { isTransientD1Error } from "./database-errors.ts";

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

/**
 * D1 as the app uses it: counts round trips (one per statement run outside a
 * batch, one per batch) and remembers the statements — the app reports the
 * count in `Server-Timing`, tests assert it and check each query's plan — and,
 * for reads only, retries once on a transient error.
 */
export class InstrumentedD1 {
  count = 0;
  readonly statements: RecordedStatement[] = [];
  readonly #retryTransient: boolean;

  constructor({ retryTransient = false } = {}) {
    this.#retryTransient = retryTransient;
  }

  /** Runs one round trip, retrying once if reads may be retried and D1 says it was transient. */
  async roundTrip<T>(run: () => Promise<T>): Promise<T> {
    this.count += 1;
    try {
      return await run();
    } catch (error) {
      if (!this.#retryTransient || !isTransientD1Error(error)) throw error;
      this.count += 1;
      return run();
    }
  }

  wrap(target: D1Database): D1Database {
    const wrapped = {
      prepare: (sql: string) => new InstrumentedStatement(this, target.prepare(sql), { sql, params: [] }),
      batch: (statements: D1PreparedStatement[]) =>
        this.roundTrip(() => target.batch(statements.map((statement) => (statement instanceof InstrumentedStatement ? statement.record() : statement)))),
      exec: (sql: string) => this.roundTrip(() => target.exec(sql)),
    };
    return wrapped as unknown as D1Database;
  }
}

class InstrumentedStatement {
  readonly #d1: InstrumentedD1;
  readonly #inner: D1PreparedStatement;
  readonly #statement: RecordedStatement;

  constructor(d1: InstrumentedD1, inner: D1PreparedStatement, statement: RecordedStatement) {
    this.#d1 = d1;
    this.#inner = inner;
    this.#statement = statement;
  }

  /** Notes the statement and returns the real one. */
  record(): D1PreparedStatement {
    this.#d1.statements.push(this.#statement);
    return this.#inner;
  }

  bind(...params: unknown[]) {
    return new InstrumentedStatement(this.#d1, this.#inner.bind(...params), { sql: this.#statement.sql, params });
  }
  first(column?: string) {
    const inner = this.record();
    return this.#d1.roundTrip(() => (column === undefined ? inner.first() : inner.first(column)));
  }
  run() {
    const inner = this.record();
    return this.#d1.roundTrip(() => inner.run());
  }
  all() {
    const inner = this.record();
    return this.#d1.roundTrip(() => inner.all());
  }
  raw(options?: { columnNames?: false }) {
    const inner = this.record();
    return this.#d1.roundTrip(() => inner.raw(options));
  }
}
