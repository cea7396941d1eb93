// The key and workspace that self-signed tokens use: from the environment, or (local mode, unset) from the
// local Tinybird server's GET /tokens, exactly as Tinybird Local users get them.
import "server-only";
import { z } from "zod";
import type { SigningCredentials } from "@/lib/tinybird/sign-tinybird-jwt";

const tokensResponse = z.object({ workspace_id: z.string().min(1), admin_token: z.string().min(1) });

// Re-read now and then so a wiped local data dir (new admin token) heals without restarting Next.
const LOCAL_CREDENTIALS_TTL_MS = 60_000;
const FETCH_TIMEOUT_MS = 2_000;

let cached: { credentials: SigningCredentials; until: number; apiUrl: string } | undefined;

export async function signingCredentials(config: {
  apiUrl: string;
  workspaceId?: string;
  secret?: string;
}): Promise<SigningCredentials> {
  if (config.secret && config.workspaceId) return { secret: config.secret, workspaceId: config.workspaceId };
  const now = Date.now();
  if (cached && cached.apiUrl === config.apiUrl && cached.until > now) return cached.credentials;
  const url = `${config.apiUrl}/tokens`;
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(`GET ${url} failed (${(error as Error).message}); is the local Tinybird server running?`);
  }
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const parsed = tokensResponse.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new Error(`GET ${url} did not return {workspace_id, admin_token}`);
  const credentials = { secret: parsed.data.admin_token, workspaceId: parsed.data.workspace_id };
  cached = { credentials, until: now + LOCAL_CREDENTIALS_TTL_MS, apiUrl: config.apiUrl };
  return credentials;
}
