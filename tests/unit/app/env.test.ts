import { describe, expect, it } from "vitest";
import { buildKind, DEV_LOCAL_AUTH_SECRET, EnvError, parseServerEnv } from "@/lib/env";

function problems(source: Record<string, string>): string {
  try {
    parseServerEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error("expected parseServerEnv to throw");
}

describe("parseServerEnv", () => {
  it("defaults to local auth, self-signing, the local Tinybird server and a 300 s lifetime", () => {
    const env = parseServerEnv({});
    expect(env.authMode).toBe("local");
    expect(env.tokenSource).toBe("self-signed");
    expect(env.NEXT_PUBLIC_TINYBIRD_API_URL).toBe("http://localhost:7181");
    expect(env.TINYBIRD_JWT_TTL_SECONDS).toBe(300);
    expect(env.CLERK_JWT_TEMPLATE).toBe("tinybird");
    expect(env.CLERK_ADMIN_JWT_TEMPLATE).toBe("tinybird_admin");
    expect(env.LOCAL_AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("treats empty values as unset, as in a copied .env.example", () => {
    const env = parseServerEnv({
      CLERK_SECRET_KEY: "",
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "",
      TINYBIRD_JWT_TTL_SECONDS: "",
    });
    expect(env.authMode).toBe("local");
    expect(env.TINYBIRD_JWT_TTL_SECONDS).toBe(300);
  });

  it("switches to Clerk with both keys, getting tokens from the Clerk template by default", () => {
    const env = parseServerEnv({
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_Y2xlcmsuZXhhbXBsZSQ",
      CLERK_SECRET_KEY: "sk_test_x",
    });
    expect(env.authMode).toBe("clerk");
    expect(env.tokenSource).toBe("clerk-template");
  });

  it("names the missing Clerk key when only one is set", () => {
    expect(problems({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_Y2xlcmsuZXhhbXBsZSQ" })).toMatch(
      /CLERK_SECRET_KEY: Clerk needs both keys.*Where to get it: Clerk dashboard → API keys → Secret key/,
    );
    expect(problems({ CLERK_SECRET_KEY: "sk_test_x" })).toMatch(
      /NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: Clerk needs both keys/,
    );
  });

  it("explains a malformed value and where to get a good one", () => {
    const message = problems({ TINYBIRD_JWT_TTL_SECONDS: "ten" });
    expect(message).toContain("TINYBIRD_JWT_TTL_SECONDS: must be a whole number of seconds");
    expect(message).toContain("Where to get it: lifetime of self-signed Tinybird JWTs");
    expect(problems({ TINYBIRD_JWT_TTL_SECONDS: "30" })).toContain("TINYBIRD_JWT_TTL_SECONDS: must be at least 60");
    expect(problems({ NEXT_PUBLIC_TINYBIRD_API_URL: "localhost:7181" })).toContain(
      "NEXT_PUBLIC_TINYBIRD_API_URL: must be an http(s) URL",
    );
    expect(problems({ TINYBIRD_TOKEN_SOURCE: "public" })).toContain("TINYBIRD_TOKEN_SOURCE:");
    expect(problems({ CLERK_JWT_KEY: "abc" })).toContain("CLERK_JWT_KEY: must be a PEM public key");
  });

  it("lists every problem at once", () => {
    const message = problems({ TINYBIRD_JWT_TTL_SECONDS: "x", NEXT_PUBLIC_TINYBIRD_API_URL: "nope" });
    expect(message).toContain("TINYBIRD_JWT_TTL_SECONDS");
    expect(message).toContain("NEXT_PUBLIC_TINYBIRD_API_URL");
  });

  it("requires the Tinybird signing key and workspace to self-sign in Clerk mode", () => {
    const clerk = { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_live_Y2xlcmsuZXhhbXBsZSQ", CLERK_SECRET_KEY: "sk_live_x" };
    const message = problems({ ...clerk, TINYBIRD_TOKEN_SOURCE: "self-signed" });
    expect(message).toContain("TINYBIRD_JWT_SECRET: required when TINYBIRD_TOKEN_SOURCE=self-signed");
    expect(message).toContain("TINYBIRD_WORKSPACE_ID: required when TINYBIRD_TOKEN_SOURCE=self-signed");
    const env = parseServerEnv({
      ...clerk,
      TINYBIRD_TOKEN_SOURCE: "self-signed",
      TINYBIRD_JWT_SECRET: "p.k",
      TINYBIRD_WORKSPACE_ID: "ws",
    });
    expect(env.tokenSource).toBe("self-signed");
  });

  it("in local mode wants both Tinybird credentials or neither", () => {
    expect(problems({ TINYBIRD_JWT_SECRET: "p.k" })).toContain("TINYBIRD_WORKSPACE_ID: set both");
    expect(problems({ TINYBIRD_TOKEN_SOURCE: "clerk-template" })).toContain(
      "TINYBIRD_TOKEN_SOURCE: clerk-template needs Clerk keys",
    );
  });

  it("keeps self-signed tokens within the token lifetime cap", () => {
    expect(parseServerEnv({}).TINYBIRD_TOKEN_MAX_TTL_SECONDS).toBe(3600);
    expect(problems({ TINYBIRD_JWT_TTL_SECONDS: "7200" })).toContain(
      "TINYBIRD_JWT_TTL_SECONDS: must be at most TINYBIRD_TOKEN_MAX_TTL_SECONDS (3600)",
    );
    expect(parseServerEnv({ TINYBIRD_JWT_TTL_SECONDS: "7200", TINYBIRD_TOKEN_MAX_TTL_SECONDS: "7200" })).toMatchObject({
      TINYBIRD_JWT_TTL_SECONDS: 7200,
    });
    expect(problems({ TINYBIRD_TOKEN_MAX_TTL_SECONDS: "172800" })).toContain(
      "TINYBIRD_TOKEN_MAX_TTL_SECONDS: must be at most 86400",
    );
  });
});

describe("the production gate for local demo auth", () => {
  const optIn = { LOCAL_AUTH_ALLOW_PRODUCTION: "true" };
  const ownSecret = "k9Qz2-vLw8Rt0pXy3NbE7uHs1MdGf4Ja";

  it("lets demo auth run under `next dev` with nothing set", () => {
    expect(parseServerEnv({}, "dev-server").localAuthRefusal).toBeNull();
    expect(parseServerEnv({}, "dev-server").LOCAL_AUTH_SECRET).toBe(DEV_LOCAL_AUTH_SECRET);
  });

  it("refuses it in a production build without the opt-in, naming the variables to set", () => {
    const refusal = parseServerEnv({ LOCAL_AUTH_SECRET: ownSecret }, "production-build").localAuthRefusal;
    expect(refusal).toMatch(/^LOCAL_AUTH_ALLOW_PRODUCTION: local demo auth runs only under `next dev`/);
    expect(refusal).toContain("whatever NODE_ENV says");
    expect(refusal).toContain("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY");
    expect(parseServerEnv({ LOCAL_AUTH_ALLOW_PRODUCTION: "false" }).localAuthRefusal).toMatch(
      /^LOCAL_AUTH_ALLOW_PRODUCTION:/,
    );
  });

  it("with the opt-in, refuses the public default secret, unset or pasted, and a guessable one, saying why", () => {
    for (const secret of [undefined, DEV_LOCAL_AUTH_SECRET]) {
      expect(parseServerEnv({ ...optIn, LOCAL_AUTH_SECRET: secret }).localAuthRefusal).toMatch(
        /^LOCAL_AUTH_SECRET: .*public development default, which anyone can forge/,
      );
    }
    expect(parseServerEnv({ ...optIn, LOCAL_AUTH_SECRET: "changeme".repeat(4) }).localAuthRefusal).toMatch(
      /^LOCAL_AUTH_SECRET: has only 7 different characters/,
    );
    expect(problems({ ...optIn, LOCAL_AUTH_SECRET: "short" })).toContain(
      "LOCAL_AUTH_SECRET: must be at least 32 characters",
    );
  });

  it("lets it run with the opt-in and the deployment's own secret", () => {
    const env = parseServerEnv({ ...optIn, LOCAL_AUTH_SECRET: ownSecret }, "production-build");
    expect(env.localAuthRefusal).toBeNull();
    expect(env.LOCAL_AUTH_SECRET).toBe(ownSecret);
  });

  it("doesn't apply in Clerk mode", () => {
    const clerk = { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_live_Y2xlcmsuZXhhbXBsZSQ", CLERK_SECRET_KEY: "sk_live_x" };
    expect(parseServerEnv(clerk, "production-build").localAuthRefusal).toBeNull();
  });

  it("counts code the build wasn't baked into (this test, a script) as a production build", () => {
    expect(buildKind()).toBe("production-build");
    expect(parseServerEnv({}).build).toBe("production-build");
  });
});
