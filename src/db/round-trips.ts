type D1Target = D1Database | D1DatabaseSession;

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

/**
 * Counts the D1 round trips made through it (one per statement run outside a
 * batch, one per batch) and remembers the statements: the app reports the
 * count in `Server-Timing`, tests assert it and check each query's plan.
 */
export class RoundTripCounter {
  count = 0;
  readonly statements: RecordedStatement[] = [];

  wrap(target: D1Target): D1Target {
    const counter = this;
    const wrapped = {
      prepare: (sql: string) => new CountedStatement(counter, target.prepare(sql), { sql, params: [] }),
      batch: (statements: D1PreparedStatement[]) => {
        counter.count += 1;
        return target.batch(statements.map((statement) => (statement instanceof CountedStatement ? statement.record(false) : statement)));
      },
      exec: (sql: string) => {
        counter.count += 1;
        return (target as D1Database).exec(sql);
      },
      withSession: (constraint?: string) => counter.wrap((target as D1Database).withSession(constraint)),
      getBookmark: () => ("getBookmark" in target ? target.getBookmark() : null),
    };
    return wrapped as unknown as D1Target;
  }
}

class CountedStatement {
  readonly #counter: RoundTripCounter;
  readonly #inner: D1PreparedStatement;
  readonly #statement: RecordedStatement;

  constructor(counter: RoundTripCounter, inner: D1PreparedStatement, statement: RecordedStatement) {
    this.#counter = counter;
    this.#inner = inner;
    this.#statement = statement;
  }

  /** Notes the statement (and a round trip, unless it runs inside a batch), returning the real one. */
  record(roundTrip: boolean): D1PreparedStatement {
    this.#counter.statements.push(this.#statement);
    if (roundTrip) this.#counter.count += 1;
    return this.#inner;
  }

  bind(...params: unknown[]) {
    return new CountedStatement(this.#counter, this.#inner.bind(...params), { sql: this.#statement.sql, params });
  }
  first(column?: string) {
    const inner = this.record(true);
    return column === undefined ? inner.first() : inner.first(column);
  }
  run() {
    return this.record(true).run();
  }
  all() {
    return this.record(true).all();
  }
  raw(options?: { columnNames?: false }) {
    return this.record(true).raw(options);
  }
}
