import { Session, type ChdbResult } from "chdb";

/**
 * Several chDB connections on one data path. One connection runs its queries one at a time, so concurrent
 * HTTP requests each take a free connection; a request waits only when all of them are busy.
 */
export class ChdbPool {
  readonly sessions: Session[];
  private readonly idle: Session[];
  private readonly waiting: Array<(session: Session) => void> = [];

  constructor(path: string, size: number) {
    // UTC like Tinybird Cloud; 64-bit integers unquoted like Tinybird's JSON output.
    const connectionArgs = [
      "--session_timezone=UTC",
      "--output_format_json_quote_64bit_integers=0",
      "--output_format_json_quote_denormals=0",
    ];
    this.sessions = Array.from({ length: size }, () => new Session(path, { connectionArgs }));
    this.idle = [...this.sessions];
  }

  private acquire(): Promise<Session> | Session {
    const session = this.idle.pop();
    if (session) return session;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(session: Session): void {
    const next = this.waiting.shift();
    if (next) next(session);
    else this.idle.push(session);
  }

  /**
   * Runs a query on the next free connection; the result body is ClickHouse's bytes in `format`. `params` fill
   * `{name: Type}` placeholders server-side.
   */
  async query(sql: string, format = "TSV", params?: Record<string, string>): Promise<ChdbResult> {
    const session = await this.acquire();
    try {
      const bound = params && Object.keys(params).length > 0;
      return await (bound ? session.queryBindAsync(sql, params, { format }) : session.queryAsync(sql, { format }));
    } finally {
      this.release(session);
    }
  }

  /** Inserts a payload ClickHouse parses itself (NDJSON, CSV…), so rows never become JS objects. */
  async insert(
    table: string,
    values: Buffer | string,
    format: "JSONEachRow" | "CSV" | "CSVWithNames",
    settings?: Record<string, string | number | boolean>,
  ): Promise<void> {
    const session = await this.acquire();
    try {
      await session.insert({ table, values, format, settings });
    } finally {
      this.release(session);
    }
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

  close(): void {
    for (const session of this.sessions) session.close();
  }
}
