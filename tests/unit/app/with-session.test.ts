import { describe, expect, it } from "vitest";
import { clerkSession } from "@/lib/auth/with-session";

const getToken = async () => "token";

describe("clerkSession", () => {
  it("maps Clerk's auth object to a session with the active org and its role", () => {
    const session = clerkSession({
      userId: "user_1",
      sessionId: "sess_1",
      orgId: "org_1",
      orgSlug: "acme",
      orgRole: "org:admin",
      getToken,
    });
    expect(session).toMatchObject({
      sessionId: "sess_1",
      user: { id: "user_1", firstName: null, lastName: null, email: null },
      org: { id: "org_1", slug: "acme", name: null, role: "org:admin" },
    });
  });

  it("has no org without an active one, and no session when signed out", () => {
    expect(clerkSession({ userId: "user_1", sessionId: "sess_1", orgId: null, getToken })?.org).toBeNull();
    expect(clerkSession({ userId: null, sessionId: null, getToken })).toBeNull();
    expect(clerkSession({ userId: "user_1", sessionId: null, getToken })).toBeNull();
  });

  it("asks Clerk for a template token by name", async () => {
    const asked: string[] = [];
    const session = clerkSession({
      userId: "user_1",
      sessionId: "sess_1",
      orgId: "org_1",
      orgSlug: "acme",
      getToken: async ({ template }) => (asked.push(template), `jwt-for-${template}`),
    });
    expect(await session?.clerkTemplateToken?.("tinybird")).toBe("jwt-for-tinybird");
    expect(asked).toEqual(["tinybird"]);
  });
});
