// Small client helpers for the Tinybird Local integration tests: the requests a real client would send.
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import type { LocalServerProcess } from "../../src/spawn-local-server";

export const TEST_PROJECT = fileURLToPath(new URL("../project", import.meta.url));

export async function api(
  tb: LocalServerProcess,
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<Response> {
  const { token = tb.adminToken, headers, ...rest } = init;
  return fetch(`${tb.url}${path}`, {
    ...rest,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(headers as Record<string, string> | undefined),
    },
  });
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** A Tinybird JWT signed like Clerk or the app would: HS256 with the workspace admin token. */
export async function jwt(
  tb: LocalServerProcess,
  claims: Record<string, unknown>,
  options: { key?: string; expiresIn?: string | number } = {},
): Promise<string> {
  let builder = new SignJWT({ workspace_id: tb.workspaceId, name: "test_jwt", ...claims }).setProtectedHeader({
    alg: "HS256",
  });
  if (options.expiresIn !== undefined) builder = builder.setExpirationTime(options.expiresIn);
  else if (!("exp" in claims)) builder = builder.setExpirationTime("10m");
  return builder.sign(new TextEncoder().encode(options.key ?? tb.adminToken));
}

/** The token a datafile TOKEN line created, read from the workspace file. */
export async function datafileToken(tb: LocalServerProcess, name: string): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const state = JSON.parse(await readFile(`${tb.dataDir}/workspace.json`, "utf8")) as {
    tokens: Array<{ name: string; token: string }>;
  };
  const token = state.tokens.find((entry) => entry.name === name);
  if (!token) throw new Error(`No token named ${name}`);
  return token.token;
}

export async function sql<Row = Record<string, unknown>>(tb: LocalServerProcess, query: string): Promise<Row[]> {
  const response = await api(tb, "/v0/sql", { method: "POST", body: `${query} FORMAT JSON` });
  if (!response.ok) throw new Error(`${query}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { data: Row[] }).data;
}

export async function waitForJob(tb: LocalServerProcess, id: string): Promise<Record<string, unknown>> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const job = await json(await api(tb, `/v0/jobs/${id}`));
    if (job.status === "done" || job.status === "error") return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Job ${id} did not finish within 30 s`);
}
