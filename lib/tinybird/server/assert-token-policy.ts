// Tinybird enforces what a JWT says and nothing else: a scope that doesn't pin `org` answers for whatever org the
// browser names, a DATASOURCES:APPEND scope writes, and a day-long token can't be revoked. The repo's templates are
// checked by tests; the copies pasted into Clerk's dashboard are not, so every token is checked here, whoever minted
// it, before it is handed out.
import "server-only";
import * as pipes from "@/lib/tinybird/pipes";

export interface Tenant {
  org: string;
  /** Members' tokens must also pin the user; org admins' don't. */
  user?: string;
}

export interface TokenPolicy {
  tenant: Tenant;
  /** The JWT template the token came from, for the error. */
  template: string;
  maxTtlSeconds: number;
  /** Epoch ms. */
  now?: number;
}

const ENDPOINTS = new Set<string>(Object.values(pipes).map((pipe) => pipe.name));
// Clerk's clock and ours may differ a little; a template set to exactly the maximum must still pass.
const CLOCK_SKEW_SECONDS = 60;
const FIX = "paste the claims printed by `npm run tinybird:template`";

/** Throws, saying which rule the token breaks, unless it only reads the project's endpoints for `tenant`, briefly. */
export function assertTokenPolicy(claims: Record<string, unknown>, policy: TokenPolicy): void {
  const { tenant, template, maxTtlSeconds } = policy;
  const now = Math.floor((policy.now ?? Date.now()) / 1000);
  const refuse = (reason: string): never => {
    throw new Error(`the "${template}" JWT template gives a token that ${reason}`);
  };
  if (typeof claims.exp !== "number") refuse("has no exp claim");
  const lifetime = (claims.exp as number) - now;
  if (lifetime > maxTtlSeconds + CLOCK_SKEW_SECONDS) {
    refuse(
      `lives ${lifetime} s, longer than TINYBIRD_TOKEN_MAX_TTL_SECONDS (${maxTtlSeconds} s); shorten the template's lifetime`,
    );
  }
  const scopes = Array.isArray(claims.scopes) ? (claims.scopes as unknown[]) : [];
  if (scopes.length === 0) refuse("has no scopes");
  for (const entry of scopes) {
    const scope = (entry ?? {}) as { type?: unknown; resource?: unknown; fixed_params?: Record<string, unknown> };
    const resource = typeof scope.resource === "string" ? scope.resource : "(none)";
    if (scope.type !== "PIPES:READ") {
      refuse(`grants ${String(scope.type)} on ${resource}; only PIPES:READ on the project's endpoints is allowed`);
    }
    if (!ENDPOINTS.has(resource)) {
      refuse(`grants PIPES:READ on ${resource}, which is not one of the project's endpoints (lib/tinybird/pipes.ts)`);
    }
    const fixed = scope.fixed_params ?? {};
    if (fixed.org !== tenant.org || (tenant.user !== undefined && fixed.user !== tenant.user)) {
      refuse(
        `doesn't pin ${tenant.user === undefined ? "org" : "org and user"} to the session in its ${resource} scope; ${FIX}`,
      );
    }
  }
}
