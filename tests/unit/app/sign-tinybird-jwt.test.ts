import { jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { signTinybirdJwt } from "@/lib/tinybird/sign-tinybird-jwt";

const credentials = { workspaceId: "ws_123", secret: "p.admin-token-of-the-workspace" };
const claims = {
  name: "member_acme_user_1",
  scopes: [{ type: "PIPES:READ", resource: "top_routes", fixed_params: { org: "acme" } }],
};

describe("signTinybirdJwt", () => {
  it("signs HS256 with the admin token, adding workspace_id, iat and exp = iat + ttl", async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const { token, expiresAt } = await signTinybirdJwt(claims, credentials, 300, now);
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(credentials.secret), {
      currentDate: new Date(now),
    });
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload).toEqual({ ...claims, workspace_id: "ws_123", iat: now / 1000, exp: now / 1000 + 300 });
    expect(expiresAt).toBe(now + 300_000);
  });

  it("does not verify with another key, and expires after its lifetime", async () => {
    const now = Date.now();
    const { token } = await signTinybirdJwt(claims, credentials, 60, now);
    await expect(jwtVerify(token, new TextEncoder().encode("p.another-workspace"))).rejects.toThrow(/signature/);
    await expect(
      jwtVerify(token, new TextEncoder().encode(credentials.secret), { currentDate: new Date(now + 61_000) }),
    ).rejects.toThrow(/exp/);
  });
});
