import { describe, expect, it } from "vitest";
import { decodeLocalSession, encodeLocalSession, LOCAL_SESSION_MAX_AGE_SECONDS } from "@/lib/auth/local-session-cookie";
import { localSignIn, resolveLocalSession } from "@/lib/auth/local-session";

const secret = "unit-test-local-auth-secret-0123456789";
const payload = { userId: "user_local_grace", sessionId: "sess_local_1", orgSlug: "globex" };
const newSessionId = () => "sess_local_new";

describe("local session cookie", () => {
  it("round-trips user, session and org", async () => {
    expect(await decodeLocalSession(await encodeLocalSession(payload, secret), secret)).toEqual(payload);
  });

  it("reads a tampered, foreign, expired or garbage cookie as signed out", async () => {
    const cookie = await encodeLocalSession(payload, secret);
    const [header, body, signature] = cookie.split(".");
    const forgedBody = Buffer.from(JSON.stringify({ sub: "user_local_ada", sid: "s", org: "acme" })).toString(
      "base64url",
    );
    expect(await decodeLocalSession(`${header}.${forgedBody}.${signature}`, secret)).toBeNull();
    expect(await decodeLocalSession(`${header}.${body}.${signature!.slice(0, -2)}xx`, secret)).toBeNull();
    expect(await decodeLocalSession(cookie, "another-secret-another-secret-000")).toBeNull();
    expect(
      await decodeLocalSession(cookie, secret, Date.now() + (LOCAL_SESSION_MAX_AGE_SECONDS + 1) * 1000),
    ).toBeNull();
    expect(await decodeLocalSession("not-a-jwt", secret)).toBeNull();
    expect(await decodeLocalSession(undefined, secret)).toBeNull();
  });

  it("rejects an unsigned (alg: none) cookie", async () => {
    const enc = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${enc({ alg: "none" })}.${enc({ sub: "user_local_ada", sid: "s", org: "acme", exp: 9e9 })}.`;
    expect(await decodeLocalSession(unsigned, secret)).toBeNull();
  });
});

describe("resolveLocalSession", () => {
  it("resolves the directory user and active org with its role", () => {
    expect(resolveLocalSession({ userId: "user_local_ada", sessionId: "s", orgSlug: "acme" })).toEqual({
      sessionId: "s",
      user: { id: "user_local_ada", firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" },
      org: { id: "org_local_acme", slug: "acme", name: "Acme", role: "org:admin" },
    });
    expect(resolveLocalSession({ userId: "user_local_grace", sessionId: "s", orgSlug: "globex" })?.org?.role).toBe(
      "org:member",
    );
  });

  it("drops an org the user is not a member of, and signs out unknown users", () => {
    expect(resolveLocalSession({ userId: "user_local_nora", sessionId: "s", orgSlug: "acme" })?.org).toBeNull();
    expect(resolveLocalSession({ userId: "user_nobody", sessionId: "s", orgSlug: null })).toBeNull();
    expect(resolveLocalSession(null)).toBeNull();
  });
});

describe("localSignIn", () => {
  it("signs in with the user's first org, or none for a user without one", () => {
    expect(localSignIn({ userId: "user_local_grace" }, null, newSessionId)).toEqual({
      ok: true,
      payload: { userId: "user_local_grace", orgSlug: "acme", sessionId: "sess_local_new" },
    });
    expect(localSignIn({ userId: "user_local_nora" }, null, newSessionId)).toMatchObject({
      ok: true,
      payload: { orgSlug: null },
    });
  });

  it("switches the org within the same session, and starts a new session for another user", () => {
    const current = { userId: "user_local_grace", sessionId: "sess_local_1", orgSlug: "acme" };
    expect(localSignIn({ userId: "user_local_grace", orgSlug: "globex" }, current, newSessionId)).toEqual({
      ok: true,
      payload: { userId: "user_local_grace", orgSlug: "globex", sessionId: "sess_local_1" },
    });
    expect(localSignIn({ userId: "user_local_grace" }, current, newSessionId)).toMatchObject({
      payload: { orgSlug: "acme" },
    });
    expect(localSignIn({ userId: "user_local_grace", orgSlug: null }, current, newSessionId)).toMatchObject({
      payload: { orgSlug: null },
    });
    expect(localSignIn({ userId: "user_local_ada" }, current, newSessionId)).toMatchObject({
      payload: { userId: "user_local_ada", sessionId: "sess_local_new", orgSlug: "acme" },
    });
  });

  it("refuses unknown users, foreign orgs and malformed bodies with a clear message", () => {
    expect(localSignIn({ userId: "user_mallory" }, null, newSessionId)).toEqual({
      ok: false,
      error: 'Unknown user "user_mallory"; see the demo directory on /sign-in',
    });
    expect(localSignIn({ userId: "user_local_margaret", orgSlug: "acme" }, null, newSessionId)).toEqual({
      ok: false,
      error: 'User "user_local_margaret" is not a member of organization "acme"',
    });
    expect(localSignIn({ user: "x" }, null, newSessionId)).toMatchObject({
      ok: false,
      error: expect.stringContaining("userId"),
    });
    expect(localSignIn(undefined, null, newSessionId)).toMatchObject({ ok: false });
  });
});
