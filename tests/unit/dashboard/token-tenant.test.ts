import { describe, expect, it } from "vitest";
import { sameTenant, tenantKey, tokenTenant } from "@/lib/tinybird/token-tenant";
import { pipeKey } from "@/lib/tinybird/pipe-key";
import { usageKpis } from "@/lib/tinybird/pipes";
import { testToken } from "./test-tokens";

describe("the tenant a token reads", () => {
  it("is the org and user a member's token pins", async () => {
    expect(tokenTenant(await testToken("member", "acme", "user_local_grace"))).toEqual({
      org: "acme",
      user: "user_local_grace",
    });
  });

  it("is the org alone for an admin's org-wide token", async () => {
    expect(tokenTenant(await testToken("admin", "acme", "user_local_ada"))).toEqual({ org: "acme", user: null });
  });

  it("is unknown for a token that isn't a JWT", () => {
    expect(tokenTenant("p.static-token")).toBeNull();
  });

  it("compares and keys tenants by org and user", () => {
    expect(sameTenant({ org: "acme", user: "u1" }, { org: "acme", user: "u1" })).toBe(true);
    expect(sameTenant({ org: "acme", user: "u1" }, { org: "globex", user: "u1" })).toBe(false);
    expect(sameTenant({ org: "acme", user: null }, { org: "acme", user: "u1" })).toBe(false);
    expect(sameTenant(null, null)).toBe(false);
    expect(tenantKey({ org: "acme", user: null })).not.toBe(tenantKey({ org: "acme", user: "u1" }));
    expect(tenantKey(null)).toBe("none");
  });
});

describe("pipe cache keys", () => {
  it("hold the pipe, the org, the fixed user and the params", () => {
    const params = { range: { preset: "7d" }, timezone: "UTC" };
    expect(pipeKey(usageKpis, { org: "acme", user: "u1" }, params)).toEqual(["usage_kpis", "acme", "u1", params]);
    expect(pipeKey(usageKpis, { org: "acme", user: null }, params)).toEqual(["usage_kpis", "acme", null, params]);
  });

  it("differ between orgs for the same params, so one org's cached rows never answer for another", () => {
    const params = { timezone: "UTC" };
    expect(pipeKey(usageKpis, { org: "acme", user: "u1" }, params)).not.toEqual(
      pipeKey(usageKpis, { org: "globex", user: "u1" }, params),
    );
  });

  it("are null (nothing fetched) without a tenant or params", () => {
    expect(pipeKey(usageKpis, null, { timezone: "UTC" })).toBeNull();
    expect(pipeKey(usageKpis, { org: "acme", user: null }, null)).toBeNull();
  });
});
