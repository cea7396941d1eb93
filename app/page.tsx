import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { getViewer } from "@/lib/auth/viewer";
import { serverEnv } from "@/lib/env";

const POINTS = [
  ["Per-tenant tokens", "Each request gets a short-lived Tinybird JWT whose fixed params pin your organization."],
  ["Real time", "Dashboards read Tinybird endpoints straight from the browser, no backend hop."],
  ["Roles", "Org admins see the whole organization; members see their own requests."],
] as const;

export default async function LandingPage() {
  if (await getViewer()) redirect("/dashboard");
  return (
    <main className="mx-auto flex min-h-screen max-w-4xl flex-col justify-center gap-10 px-6 py-16">
      <div>
        <p className="text-sm font-medium text-zinc-500">Next.js × Clerk × Tinybird</p>
        <h1 className="mt-2 text-4xl font-semibold tracking-tight">API usage analytics for every customer</h1>
        <p className="mt-4 max-w-2xl text-lg text-zinc-600">
          Sign in, pick your organization and watch its API traffic live. Every organization only ever sees its own
          rows.
        </p>
        <Link
          href={serverEnv().NEXT_PUBLIC_CLERK_SIGN_IN_URL}
          data-testid="landing-sign-in"
          className="mt-8 inline-flex rounded-md bg-zinc-900 px-4 py-2.5 font-medium text-white hover:bg-zinc-700"
        >
          Sign in
        </Link>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        {POINTS.map(([title, text]) => (
          <Card key={title}>
            <h2 className="font-semibold">{title}</h2>
            <p className="mt-1 text-sm text-zinc-600">{text}</p>
          </Card>
        ))}
      </div>
    </main>
  );
}
