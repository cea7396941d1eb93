// HTTP helpers for the app's integration tests: raw requests (no redirects followed) and what the app put in them.
import { decodeJwt } from "jose";

export interface AppResponse {
  status: number;
  headers: Headers;
  text: string;
  json(): Promise<unknown>;
  /** Text content of the element with this data-testid in the server-rendered HTML, or null. */
  testIdText(testId: string): string | null;
}

export async function appRequest(
  app: { url: string },
  path: string,
  options: { bearer?: string; cookie?: string; headers?: Record<string, string>; method?: string; json?: unknown } = {},
): Promise<AppResponse> {
  const headers: Record<string, string> = { accept: "text/html,application/json", ...options.headers };
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${app.url}${path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    redirect: "manual",
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: async () => JSON.parse(text) as unknown,
    testIdText: (testId) => {
      const match = new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</`).exec(text);
      return match
        ? match[1]!
            .replace(/<[^>]+>/g, "")
            .replace(/<!-- -->/g, "")
            .trim()
        : null;
    },
  };
}

export function tokenClaims(token: string): Record<string, unknown> & { fixedParams: Record<string, unknown> } {
  const claims = decodeJwt(token) as Record<string, unknown> & {
    scopes: Array<{ fixed_params?: Record<string, unknown> }>;
  };
  return { ...claims, fixedParams: claims.scopes[0]?.fixed_params ?? {} };
}
