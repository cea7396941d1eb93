// Browser calls to the local-auth route; used by the sign-in list, org switcher and user menu.
export async function startLocalSession(body: { userId: string; orgSlug?: string | null }): Promise<void> {
  const response = await fetch("/api/local-auth/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const { error } = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(error ?? `Sign-in failed (${response.status})`);
  }
}

export async function endLocalSession(): Promise<void> {
  await fetch("/api/local-auth/session", { method: "DELETE" });
}
