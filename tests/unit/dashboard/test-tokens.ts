// Real Tinybird JWTs from the repo's templates, signed with a throwaway key, for tests that read their claims.
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate } from "@/lib/tinybird/render-jwt-template";
import { signTinybirdJwt } from "@/lib/tinybird/sign-tinybird-jwt";

export async function testToken(
  role: "member" | "admin",
  org: string,
  user: string,
  ttlSeconds = 300,
): Promise<string> {
  const template = JWT_TEMPLATES[role === "admin" ? "tinybird_admin" : "tinybird"]!;
  const claims = renderJwtTemplate(template, { user: { id: user }, org: { slug: org } });
  const { token } = await signTinybirdJwt(claims, { workspaceId: "ws_unit", secret: "p.unit-admin-token" }, ttlSeconds);
  return token;
}
