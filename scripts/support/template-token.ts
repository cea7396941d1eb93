// A Tinybird JWT from the repo's templates, signed with the workspace admin token as the app signs them, for
// benchmarks that call endpoints directly instead of through the app.
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate } from "@/lib/tinybird/render-jwt-template";
import { signTinybirdJwt } from "@/lib/tinybird/sign-tinybird-jwt";

export async function templateToken(options: {
  workspaceId: string;
  adminToken: string;
  template: "tinybird" | "tinybird_admin";
  userId: string;
  org: string;
  /** Drop `limits` when measuring query latency rather than the rate limiter. */
  unlimited?: boolean;
  ttlSeconds?: number;
}): Promise<string> {
  const role = options.template === "tinybird_admin" ? "org:admin" : "org:member";
  const claims = renderJwtTemplate(JWT_TEMPLATES[options.template]!, {
    user: { id: options.userId },
    org: { slug: options.org, role },
  });
  if (options.unlimited) delete claims.limits;
  const { token } = await signTinybirdJwt(
    claims,
    { workspaceId: options.workspaceId, secret: options.adminToken },
    options.ttlSeconds ?? 3600,
  );
  return token;
}
