import { createHmac, randomUUID } from "node:crypto";

// Tinybird Local signs static tokens with this secret, so tokens it issues keep their familiar shape.
const LOCAL_SIGNING_SECRET = "abcd";

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

/** A `p.` token as Tinybird mints them: `p.` + base64url(payload) + `.` + base64url(HMAC-SHA256(payload)). */
export function mintStaticToken(workspaceId: string): { id: string; token: string } {
  const id = randomUUID();
  // Python's json.dumps spacing, as the payload Tinybird signs.
  const payload = base64url(`{"u": "${workspaceId}", "id": "${id}", "host": null}`);
  const signature = base64url(createHmac("sha256", LOCAL_SIGNING_SECRET).update(payload).digest());
  return { id, token: `p.${payload}.${signature}` };
}

/** Tinybird treats every token that doesn't start with `p.` as a JWT. */
export function isJwt(token: string): boolean {
  return !token.startsWith("p.");
}
