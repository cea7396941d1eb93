import { ApiError } from "./api-error";
import { requestArguments, type ApiRequest } from "./api-request";

const BODY_LIMIT = 8 * 1024 * 1024;

/**
 * Template variables from a request: every query argument but `token` (repeated keys joined with commas, as the
 * TS SDK sends arrays), then on POST the JSON body's keys with their JSON types, or form fields.
 */
export async function requestVariables(
  req: ApiRequest,
  exclude: ReadonlySet<string> = new Set(),
): Promise<Record<string, unknown>> {
  const variables: Record<string, unknown> = {};
  // `__proto__` would replace the object's prototype instead of becoming a variable.
  const skipped = (key: string) => key === "token" || key === "__proto__" || exclude.has(key);
  const add = (params: URLSearchParams) => {
    for (const key of new Set(params.keys())) {
      if (skipped(key)) continue;
      variables[key] = params.getAll(key).join(",");
    }
  };
  add(req.query);
  if (req.method === "POST") {
    const body = (await req.body(BODY_LIMIT)).toString("utf8");
    const type = req.header("content-type") ?? "";
    if (type.includes("application/x-www-form-urlencoded")) {
      add(requestArguments(body));
    } else if (body.trim().startsWith("{")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new ApiError(400, "Invalid JSON body");
      }
      for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
        if (!skipped(key)) variables[key] = value;
      }
    }
  }
  return variables;
}

const BOOLEAN_SETTINGS = [
  "output_format_json_quote_64bit_integers",
  "output_format_json_quote_denormals",
  "output_format_parquet_string_as_string",
];

/** Output settings a client may pass (`0|1` flags and `max_threads`), validated with Tinybird's messages. */
export function outputSettings(variables: Record<string, unknown>): Record<string, number> {
  const settings: Record<string, number> = {};
  for (const name of BOOLEAN_SETTINGS) {
    const value = variables[name];
    if (value === undefined) continue;
    if (!/^-?\d+$/.test(String(value))) throw new ApiError(400, `${name} must be an integer value`);
    const number = Number(value);
    if (number !== 0 && number !== 1) throw new ApiError(400, `${name} must be 0 or 1`);
    settings[name] = number;
  }
  if (variables.max_threads !== undefined) {
    if (!/^-?\d+$/.test(String(variables.max_threads))) throw new ApiError(400, "max_threads must be an integer value");
    const threads = Number(variables.max_threads);
    if (threads < 1) throw new ApiError(400, "max_threads must be at least 1");
    settings.max_threads = threads;
  }
  return settings;
}

/** A SETTINGS clause for the outer query, or "" when there is nothing to set. */
export function settingsClause(settings: Record<string, string | number>): string {
  const entries = Object.entries(settings).filter(([name]) => /^\w+$/.test(name));
  if (entries.length === 0) return "";
  const values = entries.map(
    ([name, value]) =>
      `${name} = ${typeof value === "number" ? value : `'${String(value).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`}`,
  );
  return `\nSETTINGS ${values.join(", ")}`;
}
