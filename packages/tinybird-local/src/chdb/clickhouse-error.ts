/** A ClickHouse error as Tinybird reports it: `[Error] <message>` with the HTTP status it maps to. */
export interface ClickHouseFailure {
  status: number;
  message: string;
  code?: number;
}

const TIMEOUT_EXCEEDED = 159;
const UNKNOWN_TABLE = 60;
const UNKNOWN_DATABASE = 81;
// Engine-level failures that a request can't fix.
const FATAL_CODES = new Set([236, 1001, 241]);

/** ClickHouse's error code from a chDB error object or message. */
export function clickhouseCode(error: unknown): number | undefined {
  const code = (error as { clickhouseCode?: unknown })?.clickhouseCode;
  if (typeof code === "number") return code;
  const match = /[cC]ode: (\d+)/.exec(String((error as Error)?.message ?? error));
  return match ? Number(match[1]) : undefined;
}

/**
 * Reshapes `Code: 47. DB::Exception: … (UNKNOWN_IDENTIFIER) (version …)` into Tinybird's
 * `[Error] … (UNKNOWN_IDENTIFIER)` and picks the status (docs/tinybird-compat.md §1.2).
 */
export function clickhouseFailure(error: unknown): ClickHouseFailure {
  const raw = String((error as Error)?.message ?? error);
  const code = clickhouseCode(error);
  const match = /[\s\S]*?(?:DB::)?\w*Exception: ([\s\S]*)/.exec(raw);
  let message = (match ? match[1]! : raw)
    // An exception rethrown inside another repeats its own prefix.
    .replace(/^(?:Code: \d+\. DB::Exception: )+/, "")
    .replace(/\(version [^)]*\)[\s\S]*/, "")
    .replace(/(: )?\(while reading from part[\s\S]*?\)/g, "")
    .trim();
  let status = 400;
  if (code === TIMEOUT_EXCEEDED) {
    status = 408;
    message = `${message
      .replace("(TIMEOUT_EXCEEDED)", "")
      .split("While")[0]!
      .replace(/[ .:]+$/, "")} contact us at support@tinybird.co to raise limits`;
  } else if (code === UNKNOWN_TABLE || code === UNKNOWN_DATABASE) {
    status = 409;
  } else if (code !== undefined && FATAL_CODES.has(code) && !/Query memory limit exceeded/.test(message)) {
    // One query over its own memory limit is the query's fault (400); the server running out is not.
    status = 500;
  }
  return { status, message: `[Error] ${message}`, code };
}
