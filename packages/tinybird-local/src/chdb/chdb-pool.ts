import { Session, type ChdbResult } from "chdb";

// UTC like Tinybird Cloud; 64-bit integers unquoted like Tinybird's JSON output. JSON columns' Dynamic subcolumns
// may be grouped, sorted and joined on, as public projects written on Tinybird do (ClickHouse 26 refuses by default).
const CONNECTION_ARGS = [
  "--session_timezone=UTC",
  "--output_format_json_quote_64bit_integers=0",
  "--output_format_json_quote_denormals=0",
  "--allow_suspicious_types_in_group_by=1",
  "--allow_suspicious_types_in_order_by=1",
  "--allow_dynamic_type_in_join_keys=1",
];

/**
 * Several chDB connections on one data path. One connection runs its queries one at a time, so concurrent
 * HTTP requests each take a free connection; a request waits only when all of them are busy.
 *
 * A connection whose query or insert failed is closed and replaced, never reused: chDB 3.4 keeps the output a
 * query wrote before it failed (its format's header, rows already sent, the footer) in the connection's result
 * buffer (ChdbClient::executeMaterializedQuery only steals that buffer on success), and hands it out glued in
 * front of the next query's result on that connection.
 */
export class ChdbPool {
  private readonly idle: Session[];
  private readonly waiting: Array<(session: Session) => void> = [];
  private readonly direct: Session[] = [];
  private closed = false;

  constructor(
    private readonly path: string,
    size: number,
  ) {
    this.idle = Array.from({ length: size }, () => this.connect());
  }

  private connect(): Session {
    return new Session(this.path, { connectionArgs: CONNECTION_ARGS });
  }

  private acquire(): Promise<Session> | Session {
    const session = this.idle.pop();
    if (session) return session;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(session: Session, failed: boolean): void {
    let next = session;
    if (failed) {
      session.close();
      if (this.closed) return;
      next = this.connect();
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
  }

  private async run<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const session = await this.acquire();
    let failed = true;
    try {
      const result = await work(session);
      failed = false;
      return result;
    } finally {
      this.release(session, failed);
    }
  }

  /**
   * Runs a query on the next free connection; the result body is ClickHouse's bytes in `format`. `params` fill
   * `{name: Type}` placeholders server-side.
   */
  query(sql: string, format = "TSV", params?: Record<string, string>): Promise<ChdbResult> {
    const bound = params && Object.keys(params).length > 0;
    return this.run((session) =>
      bound ? session.queryBindAsync(sql, params, { format }) : session.queryAsync(sql, { format }),
    );
  }

  /**
   * Inserts a payload ClickHouse parses itself (NDJSON, CSV…), so rows never become JS objects. Returns the rows
   * written, materialized views' rows included.
   */
  async insert(
    table: string,
    values: Buffer | string,
    format: "JSONEachRow" | "CSV" | "CSVWithNames",
    settings?: Record<string, string | number | boolean>,
  ): Promise<number> {
    return (await this.run((session) => session.insert({ table, values, format, settings }))).rowsWritten;
  }

  /** Runs `sql` and returns its text output. */
  async text(sql: string, format = "TSV"): Promise<string> {
    return (await this.query(sql, format)).text();
  }

  /** Runs `sql` and returns its rows as objects. */
  async rows<T>(sql: string, params?: Record<string, string>): Promise<T[]> {
    const text = (await this.query(sql, "JSONEachRow", params)).text();
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as T);
  }

  /**
   * A connection of its own on the same data, outside the pool, for callers that run SQL directly (benchmarks,
   * scripts). Whoever uses it owns its output: after a failed query, open another one.
   */
  openSession(): Session {
    const session = this.connect();
    this.direct.push(session);
    return session;
  }

  close(): void {
    this.closed = true;
    for (const session of [...this.idle, ...this.direct]) session.close();
  }
}
