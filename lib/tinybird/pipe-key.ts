// The SWR key of a pipe's result: the pipe, the token's org and fixed user and the params, so one tenant's cached
// rows are never served to another. Shared by usePipe and the server's prefetch, which must build the same key.
import type { PipeDefinition } from "@/lib/tinybird/define-pipe";
import type { TokenTenant } from "@/lib/tinybird/token-tenant";

export type PipeKey<K> = readonly [pipe: string, org: string, user: string | null, params: K];

export function pipeKey<K>(pipe: PipeDefinition, tenant: TokenTenant | null, params: K | null): PipeKey<K> | null {
  return tenant && params !== null ? [pipe.name, tenant.org, tenant.user, params] : null;
}
