import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signJwt, verifyJwt } from "../../src/auth/verify-jwt";

const workspace = { id: "ws-1", signingKey: "p.admin-token" };
const now = 1_700_000_000;
const payload = {
  workspace_id: "ws-1",
  name: "acme",
  exp: now + 60,
  scopes: [{ type: "PIPES:READ", resource: "top" }],
};
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("verifyJwt", () => {
  it("accepts an HS256 token signed with the workspace admin token", () => {
    expect(verifyJwt(signJwt(payload, workspace.signingKey), workspace, now)).toEqual({ payload });
  });

  it.each([
    ["expired", signJwt({ ...payload, exp: now }, workspace.signingKey), "Signature has expired"],
    ["signed with another key", signJwt(payload, "p.other"), "Signature verification failed"],
    [
      "for another workspace",
      signJwt({ ...payload, workspace_id: "ws-2" }, workspace.signingKey),
      "Workspace with ID ws-2 not found",
    ],
    [
      "without workspace",
      signJwt({ ...payload, workspace_id: undefined }, workspace.signingKey),
      "Workspace ID missing in JWT token",
    ],
    ["without exp", signJwt({ ...payload, exp: undefined }, workspace.signingKey), 'Token is missing the "exp" claim'],
    ["not yet valid", signJwt({ ...payload, nbf: now + 10 }, workspace.signingKey), "The token is not yet valid (nbf)"],
    [
      "alg none",
      `${encode({ alg: "none", typ: "JWT" })}.${encode(payload)}.`,
      "The specified alg value is not allowed",
    ],
    ["malformed", "abc.def", "Not enough segments"],
  ])("rejects a token %s", (_, token, error) => {
    expect(verifyJwt(token, workspace, now)).toEqual({ error });
  });

  it("rejects a tampered payload", () => {
    const [header, , signature] = signJwt(payload, workspace.signingKey).split(".");
    const tampered = `${header}.${encode({ ...payload, scopes: [{ type: "PIPES:READ", resource: "other" }] })}.${signature}`;
    expect(verifyJwt(tampered, workspace, now)).toEqual({ error: "Signature verification failed" });
  });

  it("rejects HS512 even with the right key", () => {
    const header = encode({ alg: "HS512", typ: "JWT" });
    const body = encode(payload);
    const signature = createHmac("sha512", workspace.signingKey).update(`${header}.${body}`).digest("base64url");
    expect(verifyJwt(`${header}.${body}.${signature}`, workspace, now)).toEqual({
      error: "The specified alg value is not allowed",
    });
  });
});
