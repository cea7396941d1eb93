import { SignIn } from "@clerk/nextjs";
import { redirect } from "next/navigation";
import { LocalSignInList } from "@/components/auth/local-sign-in-list";
import { LOCAL_USERS } from "@/lib/auth/local-directory";
import { authMode, getViewer, localAuthRefusal } from "@/lib/auth/viewer";

export default async function SignInPage() {
  if (authMode() === "clerk") {
    return (
      <main className="flex min-h-screen items-center justify-center px-6 py-16">
        <SignIn forceRedirectUrl="/dashboard" />
      </main>
    );
  }
  const refusal = localAuthRefusal();
  if (refusal) {
    return (
      <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6 py-16">
        <h1 className="text-2xl font-semibold tracking-tight">Demo sign-in is off in this build</h1>
        <p data-testid="local-auth-refused" className="text-sm text-zinc-600">
          {refusal}
        </p>
      </main>
    );
  }
  if (await getViewer()) redirect("/dashboard");
  const users = LOCAL_USERS.map((user) => ({
    id: user.id,
    name: `${user.firstName} ${user.lastName}`,
    email: user.email,
    memberships:
      user.memberships.map(({ org, role }) => `${org.name} (${role.replace("org:", "")})`).join(", ") ||
      "no organization",
  }));
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-6 px-6 py-16">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to the demo</h1>
        <p className="mt-2 text-sm text-zinc-600">
          Local demo auth: pick anyone from the directory. Set Clerk keys in <code>.env.local</code> to use Clerk
          instead.
        </p>
      </div>
      <LocalSignInList users={users} />
    </main>
  );
}
