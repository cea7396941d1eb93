// Where Clerk's browser code talks to: the Frontend API host the publishable key encodes (pk_<env>_base64("host$")).
export interface ClerkFrontendApi {
  origin: string;
  /** pk_test_ keys belong to development instances, which also send Clerk's telemetry. */
  development: boolean;
}

export function clerkFrontendApi(publishableKey: string): ClerkFrontendApi {
  const match = /^pk_(test|live)_([A-Za-z0-9+/=_-]+)$/.exec(publishableKey);
  const host = match ? atob(match[2]!.replaceAll("-", "+").replaceAll("_", "/")).replace(/\$$/, "") : "";
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host)) {
    throw new Error("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY doesn't encode a Clerk Frontend API host");
  }
  return { origin: `https://${host}`, development: match![1] === "test" };
}
