// Hand-built JWTs for the attacks a signing library refuses to produce: any header, any key, tampered payloads.
import { createHmac } from "node:crypto";

type Claims = Record<string, unknown>;

function segment(value: Claims): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** header.payload.signature, signed with HMAC (`hash`) over `key`, or with an empty signature when key is null. */
export function forgeJwt(
  header: Claims,
  payload: Claims,
  key: string | null,
  hash: "sha256" | "sha512" = "sha256",
): string {
  const data = `${segment(header)}.${segment(payload)}`;
  return `${data}.${key === null ? "" : createHmac(hash, key).update(data).digest("base64url")}`;
}

export function jwtPayload(token: string): Claims {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Claims;
}

/** The token with its payload changed and its header and signature kept as they were. */
export function tamperJwt(token: string, change: (payload: Claims) => Claims): string {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const changed = change(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims);
  return `${header}.${segment(changed)}.${signature}`;
}
