// Folds the local Tinybird server's one-line-per-request log into one line per interval, so `npm run dev` stays
// readable with the live simulator posting every second. Errors and the server's own messages pass through.

// The server's request line: `POST /v0/events?name=api_requests 202 3.1ms` (tokens already removed).
const REQUEST_LINE = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (\S+) (\d{3}) ([\d.]+)ms$/;

const KINDS = [
  { name: ["event post", "event posts"], test: (path: string) => path.startsWith("/v0/events") },
  { name: ["endpoint read", "endpoint reads"], test: (path: string) => path.startsWith("/v0/pipes/") },
  { name: ["SQL query", "SQL queries"], test: (path: string) => path.startsWith("/v0/sql") },
  { name: ["other request", "other requests"], test: () => true },
] as const;

export class RequestLogSummary {
  private counts = KINDS.map(() => 0);
  private slowestMs = 0;

  constructor(
    private readonly print: (line: string) => void,
    private readonly verbose = false,
  ) {}

  /** Takes one line of the server's output: prints it now, or keeps it for the next summary. */
  line(text: string): void {
    const request = REQUEST_LINE.exec(text);
    if (this.verbose || !request) {
      this.print(text);
      return;
    }
    const [, method, path, status, ms] = request as unknown as [string, string, string, string, string];
    // Polling a copy job (seeding does it several times a second) and CORS preflights say nothing a person needs.
    if (path.startsWith("/v0/jobs") || method === "OPTIONS") return;
    if (Number(status) >= 400) {
      this.print(text);
      return;
    }
    this.counts[KINDS.findIndex((kind) => kind.test(path))]! += 1;
    this.slowestMs = Math.max(this.slowestMs, Number(ms));
  }

  /** One line for what was kept since the last call, if anything. */
  flush(seconds: number): void {
    const parts = KINDS.flatMap((kind, i) => {
      const count = this.counts[i]!;
      return count === 0 ? [] : [`${count} ${kind.name[count === 1 ? 0 : 1]}`];
    });
    if (parts.length === 0) return;
    this.print(`${parts.join(", ")} in the last ${seconds} s (slowest ${Math.round(this.slowestMs)} ms)`);
    this.counts.fill(0);
    this.slowestMs = 0;
  }
}
