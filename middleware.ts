// Every page and API request: who is signed in → which Tinybird token they get → hand it on, under this request's
// Content-Security-Policy. Decisions live in lib/.
import { withSession } from "@/lib/auth/with-session";
import { CSP_HEADER, requestContentSecurityPolicy } from "@/lib/security-headers";
import { forwardToken } from "@/lib/tinybird/server/forward-token";
import { tokenFor } from "@/lib/tinybird/server/token-for";

export default withSession(async (request, session) => {
  const csp = requestContentSecurityPolicy();
  const response = forwardToken(request, await tokenFor(session), csp.requestHeaders);
  response.headers.set(CSP_HEADER, csp.policy);
  return response;
});

export const config = {
  matcher: [
    // Everything except Next internals and static files…
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    // …and always API routes.
    "/(api|trpc)(.*)",
  ],
};
