// Tinybird enforces a JWT's fixed_params and nothing else: a scope that doesn't pin `org` answers for whatever org
// the browser names. The repo's templates are checked by tests; the copies pasted into Clerk's dashboard are not,
// so every token is checked here before it is handed out.
import "server-only";
import type { TinybirdScope } from "@/lib/tinybird/decode-tinybird-token";

export interface Tenant {
  org: string;
  /** Members' tokens must also pin the user; org admins' don't. */
  user?: string;
}

export function assertPinsTenant(scopes: unknown, tenant: Tenant, template: string): void {
  const list = Array.isArray(scopes) ? (scopes as TinybirdScope[]) : [];
  if (list.length === 0) throw new Error(`the "${template}" JWT template gives a token with no scopes`);
  for (const scope of list) {
    const fixed = scope.fixed_params ?? {};
    if (fixed.org !== tenant.org || (tenant.user !== undefined && fixed.user !== tenant.user)) {
      const wanted = tenant.user === undefined ? "org" : "org and user";
      throw new Error(
        `the "${template}" JWT template doesn't pin ${wanted} to the session in its ${scope.resource ?? "unnamed"} scope; ` +
          "paste the claims printed by `npm run tinybird:template`",
      );
    }
  }
}
