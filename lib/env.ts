// The only reader of process.env, and only from server code: client components get the values they need as props
// from server components, so one build runs against whatever Tinybird the server is started with.
import { z } from "zod";

// zod's JIT probes `new Function`, which the Edge runtime forbids (and warns about in dev).
z.config({ jitless: true });

/** Where to get each variable; appended to every validation error. Kept in sync with .env.example. */
export const ENV_HINTS = {
  NEXT_PUBLIC_TINYBIRD_API_URL:
    "your Tinybird region's API host (Tinybird Cloud: the workspace's API URL, e.g. https://api.tinybird.co); default http://localhost:7181, the local server",
  TINYBIRD_WORKSPACE_ID: "Tinybird workspace id (`tb info`, or GET <tinybird>/tokens for Tinybird Local)",
  TINYBIRD_JWT_SECRET:
    "the workspace's admin token, the key Tinybird verifies JWTs with (Tinybird UI → Tokens → admin token)",
  TINYBIRD_TOKEN_SOURCE:
    "`clerk-template` (Clerk mints the token from its JWT template) or `self-signed` (the app signs the repo's template with TINYBIRD_JWT_SECRET)",
  TINYBIRD_JWT_TTL_SECONDS:
    "lifetime of self-signed Tinybird JWTs, in seconds (60–86400, default 300; at most TINYBIRD_TOKEN_MAX_TTL_SECONDS)",
  TINYBIRD_TOKEN_MAX_TTL_SECONDS:
    "the longest a token the app hands out may live, in seconds, whoever minted it (60–86400, default 3600); match your Clerk template's lifetime",
  TINYBIRD_TOKEN_CACHE_SIZE: "how many minted tokens the middleware keeps (default 1000; 0 mints on every request)",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "Clerk dashboard → API keys → Publishable key (pk_test_… or pk_live_…)",
  CLERK_SECRET_KEY: "Clerk dashboard → API keys → Secret key (sk_test_… or sk_live_…)",
  CLERK_JWT_KEY:
    "Clerk dashboard → API keys → JWT public key (PEM); lets the middleware verify sessions with no network call",
  CLERK_API_URL: "only to point Clerk's Backend API client elsewhere (tests use a local stand-in); leave unset",
  CLERK_JWT_TEMPLATE: "name of the Clerk JWT template for members (default tinybird)",
  CLERK_ADMIN_JWT_TEMPLATE: "name of the Clerk JWT template for org admins (default tinybird_admin)",
  NEXT_PUBLIC_CLERK_SIGN_IN_URL: "path of the sign-in page (default /sign-in)",
  LOCAL_AUTH_SECRET: "any random string of ≥ 32 characters, e.g. `openssl rand -base64 32`",
  LOCAL_AUTH_ALLOW_PRODUCTION:
    "set to `true` only to run the demo directory's local auth in a production build (with your own LOCAL_AUTH_SECRET)",
  DASHBOARD_PREFETCH_MS:
    "how long the dashboard's server render waits for each widget's first result before streaming its skeleton, in ms (0–10000, default 2000); 0 skips the server prefetch",
  NEXT_DIST_DIR:
    "build output folder, set only by scripts/build-test.ts (default .next); such builds skip type-check and lint",
} as const;

type EnvName = keyof typeof ENV_HINTS;
export type EnvSource = Partial<Record<EnvName, string | undefined>>;

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** Tinybird JWTs can't be revoked: no token the app hands out lives longer than this unless configured. */
export const DEFAULT_TOKEN_MAX_TTL_SECONDS = 3600;

const templateName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]+$/, "must contain only letters, digits, _ and -");

const schema = z.object({
  NEXT_PUBLIC_TINYBIRD_API_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .default("http://localhost:7181")
    .transform((url) => url.replace(/\/+$/, "")),
  TINYBIRD_WORKSPACE_ID: optionalString,
  TINYBIRD_JWT_SECRET: optionalString,
  TINYBIRD_TOKEN_SOURCE: z.enum(["clerk-template", "self-signed"]).optional(),
  TINYBIRD_JWT_TTL_SECONDS: z.coerce
    .number({ error: "must be a whole number of seconds" })
    .int("must be a whole number of seconds")
    .min(60, "must be at least 60 (tokens are renewed 30 s before they expire)")
    .max(86_400, "must be at most 86400; Tinybird JWTs can't be revoked, keep them short-lived")
    .default(300),
  TINYBIRD_TOKEN_MAX_TTL_SECONDS: z.coerce
    .number({ error: "must be a whole number of seconds" })
    .int("must be a whole number of seconds")
    .min(60, "must be at least 60")
    .max(86_400, "must be at most 86400; Tinybird JWTs can't be revoked, keep them short-lived")
    .default(DEFAULT_TOKEN_MAX_TTL_SECONDS),
  TINYBIRD_TOKEN_CACHE_SIZE: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .default(1000),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^pk_(test|live)_[A-Za-z0-9+/=_-]+$/, "must look like pk_test_… or pk_live_…")
      .optional(),
  ),
  CLERK_SECRET_KEY: optionalString,
  CLERK_JWT_KEY: optionalString.pipe(
    z
      .string()
      .includes("BEGIN PUBLIC KEY", { error: "must be a PEM public key (-----BEGIN PUBLIC KEY-----…)" })
      .optional(),
  ),
  CLERK_API_URL: optionalString.pipe(z.url({ error: "must be a URL" }).optional()),
  CLERK_JWT_TEMPLATE: templateName.default("tinybird"),
  CLERK_ADMIN_JWT_TEMPLATE: templateName.default("tinybird_admin"),
  NEXT_PUBLIC_CLERK_SIGN_IN_URL: z.string().startsWith("/", "must be a path such as /sign-in").default("/sign-in"),
  LOCAL_AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  LOCAL_AUTH_ALLOW_PRODUCTION: z
    .enum(["true", "false", "1", "0", ""], { error: "must be true or false" })
    .optional()
    .transform((flag) => flag === "true" || flag === "1"),
  DASHBOARD_PREFETCH_MS: z.coerce
    .number({ error: "must be a whole number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(0, "must be 0 (no server prefetch) or more")
    .max(10_000, "must be at most 10000; Tinybird stops endpoint queries at 10 s")
    // The browser can't fetch before it has hydrated, so a server query still running is usually the sooner result.
    .default(2000),
  NEXT_DIST_DIR: optionalString,
});

type ParsedEnv = z.infer<typeof schema>;
export type AuthMode = "clerk" | "local";
export type TokenSource = "clerk-template" | "self-signed";

export interface ServerEnv extends Omit<ParsedEnv, "LOCAL_AUTH_SECRET"> {
  LOCAL_AUTH_SECRET: string;
  authMode: AuthMode;
  tokenSource: TokenSource;
  build: BuildKind;
  /** Local mode: why demo sign-in is refused in this build and environment, naming the variables; null when allowed. */
  localAuthRefusal: string | null;
}

export class EnvError extends Error {
  constructor(readonly problems: Array<{ name: string; message: string }>) {
    super(
      "Invalid environment (see .env.example):\n" +
        problems
          .map(
            ({ name, message }) =>
              `  - ${name}: ${message}. Where to get it: ${ENV_HINTS[name as EnvName] ?? "see .env.example"}`,
          )
          .join("\n"),
    );
    this.name = "EnvError";
  }
}

/** `next dev`, or a production build (`next build`, whatever then starts it). */
export type BuildKind = "dev-server" | "production-build";

// next.config.ts bakes this into every server bundle (compiler.defineServer). It is not a variable: nothing set when
// the server starts (NODE_ENV included) can change it, and code it wasn't baked into counts as a production build.
declare const __STARTER_BUILD__: string | undefined;

/** How the running code was built. */
export function buildKind(): BuildKind {
  return typeof __STARTER_BUILD__ === "string" && __STARTER_BUILD__ === "dev-server"
    ? "dev-server"
    : "production-build";
}

// Development-only default so `npm run dev` needs no setup; production builds refuse it (see localAuthRefusal).
export const DEV_LOCAL_AUTH_SECRET = "local-demo-auth-development-secret-do-not-use-in-production";
// A random 32-character secret has ~14 (hex) to ~25 (base64) different characters; fewer than 8 is a word or a repeat.
const MIN_DISTINCT_SECRET_CHARACTERS = 8;

/**
 * Why local demo auth (anyone may sign in as any demo user) must not run, or null: it always may under `next dev`; in
 * a production build only with LOCAL_AUTH_ALLOW_PRODUCTION=true and a LOCAL_AUTH_SECRET of the deployment's own.
 */
export function localAuthRefusal(
  env: Pick<ParsedEnv, "LOCAL_AUTH_ALLOW_PRODUCTION" | "LOCAL_AUTH_SECRET">,
  build: BuildKind,
): string | null {
  if (build === "dev-server") return null;
  if (!env.LOCAL_AUTH_ALLOW_PRODUCTION) {
    return (
      "LOCAL_AUTH_ALLOW_PRODUCTION: local demo auth runs only under `next dev`, and this is a production build " +
      "(whatever NODE_ENV says); " +
      "set Clerk keys (NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY), or LOCAL_AUTH_ALLOW_PRODUCTION=true " +
      "and your own LOCAL_AUTH_SECRET for a public demo"
    );
  }
  const secret = env.LOCAL_AUTH_SECRET;
  if (!secret || secret === DEV_LOCAL_AUTH_SECRET) {
    return (
      "LOCAL_AUTH_SECRET: LOCAL_AUTH_ALLOW_PRODUCTION=true needs the deployment's own secret; without it session " +
      "cookies would be signed with the public development default, which anyone can forge. " +
      `Where to get it: ${ENV_HINTS.LOCAL_AUTH_SECRET}`
    );
  }
  const distinct = new Set(secret).size;
  if (distinct < MIN_DISTINCT_SECRET_CHARACTERS) {
    return (
      `LOCAL_AUTH_SECRET: has only ${distinct} different characters, too guessable to sign session cookies with. ` +
      `Where to get it: ${ENV_HINTS.LOCAL_AUTH_SECRET}`
    );
  }
  return null;
}

/**
 * Validates a set of variables and derives the auth mode, token source and whether demo sign-in may run in `build`.
 * Throws EnvError naming each bad variable.
 */
export function parseServerEnv(source: EnvSource, build: BuildKind = "production-build"): ServerEnv {
  // An empty value means unset, as in a copied .env.example.
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => ({ name: String(issue.path[0] ?? "environment"), message: issue.message })),
    );
  }
  const env = parsed.data;
  const problems: Array<{ name: EnvName; message: string }> = [];
  const hasPublishable = Boolean(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
  const hasSecret = Boolean(env.CLERK_SECRET_KEY);
  if (hasPublishable !== hasSecret) {
    problems.push({
      name: hasPublishable ? "CLERK_SECRET_KEY" : "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
      message: "Clerk needs both keys; set it, or unset the other one to use local demo auth",
    });
  }
  const authMode: AuthMode = hasPublishable && hasSecret ? "clerk" : "local";
  const tokenSource: TokenSource =
    authMode === "local" ? "self-signed" : (env.TINYBIRD_TOKEN_SOURCE ?? "clerk-template");

  if (authMode === "local" && env.TINYBIRD_TOKEN_SOURCE === "clerk-template") {
    problems.push({
      name: "TINYBIRD_TOKEN_SOURCE",
      message: "clerk-template needs Clerk keys; local demo auth always self-signs",
    });
  }
  if (tokenSource === "self-signed") {
    // Local mode may ask the local Tinybird server instead, but only for both values at once.
    const required = authMode === "clerk" || Boolean(env.TINYBIRD_JWT_SECRET) || Boolean(env.TINYBIRD_WORKSPACE_ID);
    for (const name of ["TINYBIRD_JWT_SECRET", "TINYBIRD_WORKSPACE_ID"] as const) {
      if (required && !env[name]) {
        problems.push({
          name,
          message:
            authMode === "clerk"
              ? "required when TINYBIRD_TOKEN_SOURCE=self-signed"
              : "set both TINYBIRD_JWT_SECRET and TINYBIRD_WORKSPACE_ID, or neither (then they come from the local server's /tokens)",
        });
      }
    }
  }
  if (env.TINYBIRD_JWT_TTL_SECONDS > env.TINYBIRD_TOKEN_MAX_TTL_SECONDS) {
    problems.push({
      name: "TINYBIRD_JWT_TTL_SECONDS",
      message: `must be at most TINYBIRD_TOKEN_MAX_TTL_SECONDS (${env.TINYBIRD_TOKEN_MAX_TTL_SECONDS}), or every token would be refused`,
    });
  }
  if (problems.length > 0) throw new EnvError(problems);
  return {
    ...env,
    LOCAL_AUTH_SECRET: env.LOCAL_AUTH_SECRET ?? DEV_LOCAL_AUTH_SECRET,
    authMode,
    tokenSource,
    build,
    localAuthRefusal: authMode === "local" ? localAuthRefusal(env, build) : null,
  };
}

function runtimeSource(): EnvSource {
  // Read through an alias so Next can't inline build-time NEXT_PUBLIC_ values: the server uses what it starts with.
  const runtime = process.env;
  return Object.fromEntries(Object.keys(ENV_HINTS).map((name) => [name, runtime[name]]));
}

let cached: ServerEnv | undefined;

/** Server-side configuration, validated once per process. Never import this from a client component. */
export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(runtimeSource(), buildKind());
  return cached;
}

/** The same, for next.config.ts, which runs outside the bundles and knows the build from Next's phase instead. */
export function serverEnvFor(build: BuildKind): ServerEnv {
  return parseServerEnv(runtimeSource(), build);
}
