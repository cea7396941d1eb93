// `npm run tinybird:template`: the exact claims to paste into Clerk's JWT templates, with this deployment's
// workspace_id (TINYBIRD_WORKSPACE_ID, or the local Tinybird server's GET /tokens when unset).
// @next/env is a bundled CommonJS module: Node can't see its named exports from ESM.
import nextEnv from "@next/env";
import { serverEnv, type ServerEnv } from "../lib/env";
import { jwtTemplate } from "../lib/tinybird/jwt-templates";

// The same .env files Next reads, so the printed workspace matches the running app.
nextEnv.loadEnvConfig(process.cwd());

async function workspaceId(env: ServerEnv): Promise<string> {
  if (env.TINYBIRD_WORKSPACE_ID) return env.TINYBIRD_WORKSPACE_ID;
  try {
    const response = await fetch(`${env.NEXT_PUBLIC_TINYBIRD_API_URL}/tokens`, { signal: AbortSignal.timeout(2_000) });
    const { workspace_id } = (await response.json()) as { workspace_id?: string };
    if (!workspace_id) throw new Error(`GET /tokens answered ${response.status} without a workspace_id`);
    return workspace_id;
  } catch (error) {
    throw new Error(
      `Set TINYBIRD_WORKSPACE_ID (see .env.example), or start the local Tinybird server: ${(error as Error).message}`,
    );
  }
}

async function main(): Promise<void> {
  const env = serverEnv();
  const workspace = await workspaceId(env);
  const templates = [
    { name: env.CLERK_JWT_TEMPLATE, variable: "CLERK_JWT_TEMPLATE", who: "members: fixed org + user" },
    { name: env.CLERK_ADMIN_JWT_TEMPLATE, variable: "CLERK_ADMIN_JWT_TEMPLATE", who: "org admins: fixed org only" },
  ];
  for (const { name, variable, who } of templates) {
    const claims = { ...jwtTemplate(name, variable), workspace_id: workspace };
    console.log(`\n# Clerk JWT template "${name}" (${who})`);
    console.log(
      `# Clerk dashboard → Configure → JWT templates → New template → Blank, name it "${name}", paste the claims below; ` +
        `turn on "Custom signing key", algorithm HS256, key = the Tinybird workspace's admin token (the TINYBIRD_JWT_SECRET value); ` +
        `keep the lifetime short (60–300 s).`,
    );
    console.log(JSON.stringify(claims, null, 2));
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
