// A local stand-in for the Clerk Backend API calls the app makes, `POST /v1/sessions/:sid/tokens/:template` and
// `GET /v1/organizations/:id/memberships`, plus session tokens the real clerkMiddleware verifies offline
// (CLERK_JWT_KEY). See docs/clerk-offline-testing.md.
import { generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate } from "@/lib/tinybird/render-jwt-template";
import { TEST_CLERK_FRONTEND_API, TEST_CLERK_SECRET_KEY } from "./test-builds";

export interface ClerkTestSession {
  userId: string;
  sessionId: string;
  org?: { id: string; slug: string; role: "admin" | "member" };
}

/** A member as the memberships endpoint lists them (public user data). */
export interface ClerkTestMember {
  userId: string;
  firstName: string | null;
  lastName: string | null;
  /** Set: a real picture (has_image); unset: Clerk's default avatar. */
  imageUrl?: string;
  role: "admin" | "member";
}

export type StandInBehaviour =
  { kind: "ok" } | { kind: "error"; status: 404 | 429 | 500 } | { kind: "slow"; delayMs: number };

export interface ClerkStandIn {
  url: string;
  /** CLERK_JWT_KEY for the app: the public half of the key that signs session tokens. */
  jwtKeyPem: string;
  /** Template-token requests answered so far (any outcome). */
  hits(): number;
  /** Membership-list requests answered so far, per organization id. */
  membershipHits(orgId: string): number;
  /** Who GET /v1/organizations/:orgId/memberships lists. */
  setMembers(orgId: string, members: ClerkTestMember[]): void;
  /** A session token for the real clerkMiddleware; also tells the stand-in the session's active org. */
  sessionToken(session: ClerkTestSession, options?: { expiresInSeconds?: number }): string;
  behave(behaviour: StandInBehaviour): void;
  stop(): Promise<void>;
}

export async function startClerkStandIn(options: {
  signingKey: string;
  workspaceId: string;
  lifetimeSeconds?: number;
}): Promise<ClerkStandIn> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const sessions = new Map<string, ClerkTestSession>();
  const members = new Map<string, ClerkTestMember[]>();
  const membershipHits = new Map<string, number>();
  let behaviour: StandInBehaviour = { kind: "ok" };
  let hits = 0;

  async function templateToken(
    session: ClerkTestSession,
    template: keyof typeof JWT_TEMPLATES & string,
  ): Promise<string> {
    const org = session.org ? { id: session.org.id, slug: session.org.slug, role: `org:${session.org.role}` } : null;
    const claims = renderJwtTemplate(JWT_TEMPLATES[template]!, { user: { id: session.userId }, org });
    const iat = Math.floor(Date.now() / 1000);
    // Clerk's default claims on top of the template's, as the real Backend API adds them.
    return new SignJWT({ ...claims, workspace_id: options.workspaceId, azp: "http://localhost", jti: randomUUID() })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(TEST_CLERK_FRONTEND_API)
      .setSubject(session.userId)
      .setIssuedAt(iat)
      .setNotBefore(iat - 5)
      .setExpirationTime(iat + (options.lifetimeSeconds ?? 60))
      .sign(new TextEncoder().encode(options.signingKey));
  }

  function json(response: ServerResponse, status: number, body: unknown): void {
    // Exactly application/json: @clerk/backend silently returns undefined for anything else.
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(JSON.stringify(body));
  }

  function clerkError(response: ServerResponse, status: number, code: string, message: string): void {
    json(response, status, {
      errors: [{ code, message, long_message: message, meta: {} }],
      clerk_trace_id: `trace_${randomUUID()}`,
    });
  }

  // The shape of Clerk's OrganizationMembership JSON, as @clerk/backend's OrganizationMembership.fromJSON reads it.
  function membershipJson(orgId: string, member: ClerkTestMember) {
    const now = Date.now();
    return {
      object: "organization_membership",
      id: `orgmem_${member.userId}`,
      role: `org:${member.role}`,
      permissions: [],
      public_metadata: {},
      private_metadata: {},
      created_at: now,
      updated_at: now,
      organization: { object: "organization", id: orgId, name: orgId, slug: orgId, created_at: now, updated_at: now },
      public_user_data: {
        user_id: member.userId,
        first_name: member.firstName,
        last_name: member.lastName,
        identifier: `${member.userId}@example.com`,
        image_url: member.imageUrl ?? "https://img.clerk.com/default-avatar",
        has_image: member.imageUrl !== undefined,
      },
    };
  }

  function listMemberships(request: IncomingMessage, response: ServerResponse, orgId: string): void {
    membershipHits.set(orgId, (membershipHits.get(orgId) ?? 0) + 1);
    if (request.headers.authorization !== `Bearer ${TEST_CLERK_SECRET_KEY}`) {
      return clerkError(response, 401, "authentication_invalid", "Invalid secret key");
    }
    const listed = members.get(orgId);
    if (!listed) return clerkError(response, 404, "resource_not_found", "No such organization");
    const query = new URL(request.url ?? "", "http://stand-in").searchParams;
    const limit = Number(query.get("limit") ?? 10);
    const offset = Number(query.get("offset") ?? 0);
    json(response, 200, {
      data: listed.slice(offset, offset + limit).map((member) => membershipJson(orgId, member)),
      total_count: listed.length,
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const memberships = /^\/v1\/organizations\/([^/]+)\/memberships(?:\?|$)/.exec(request.url ?? "");
    if (request.method === "GET" && memberships)
      return listMemberships(request, response, decodeURIComponent(memberships[1]!));
    const match = /^\/v1\/sessions\/([^/]+)\/tokens\/([^/?]+)$/.exec(request.url ?? "");
    if (request.method !== "POST" || !match) return clerkError(response, 404, "resource_not_found", "Not found");
    hits += 1;
    if (request.headers.authorization !== `Bearer ${TEST_CLERK_SECRET_KEY}`) {
      return clerkError(response, 401, "authentication_invalid", "Invalid secret key");
    }
    const current = behaviour;
    if (current.kind === "error")
      return clerkError(
        response,
        current.status,
        current.status === 404 ? "resource_not_found" : "internal_error",
        "stand-in told to fail",
      );
    if (current.kind === "slow") await new Promise((resolve) => setTimeout(resolve, current.delayMs));
    const session = sessions.get(decodeURIComponent(match[1]!));
    const template = decodeURIComponent(match[2]!);
    if (!session || !(template in JWT_TEMPLATES))
      return clerkError(response, 404, "resource_not_found", "No such session or template");
    json(response, 200, { object: "token", jwt: await templateToken(session, template) });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => clerkError(response, 500, "internal_error", String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    jwtKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    hits: () => hits,
    membershipHits: (orgId) => membershipHits.get(orgId) ?? 0,
    setMembers: (orgId, list) => {
      members.set(orgId, list);
    },
    behave: (next) => {
      behaviour = next;
    },
    sessionToken: (session, tokenOptions = {}) => {
      sessions.set(session.sessionId, session);
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        sub: session.userId,
        sid: session.sessionId,
        iat: now,
        nbf: now - 10,
        exp: now + (tokenOptions.expiresInSeconds ?? 600),
        azp: "http://localhost",
        iss: TEST_CLERK_FRONTEND_API,
        sts: "active",
        fva: [0, -1],
        v: 2,
        ...(session.org && { o: { id: session.org.id, slg: session.org.slug, rol: session.org.role } }),
      };
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const data = `${encode({ alg: "RS256", typ: "JWT", kid: "ins_test", cat: "cl_B7d4PD111AAA" })}.${encode(payload)}`;
      return `${data}.${sign("RSA-SHA256", Buffer.from(data), privateKey).toString("base64url")}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
