// Every page and API request: who is signed in → which Tinybird token they get → hand it on. Decisions live in lib/.
import { withSession } from "@/lib/auth/with-session";
import { forwardToken } from "@/lib/tinybird/server/forward-token";
import { tokenFor } from "@/lib/tinybird/server/token-for";

export default withSession(async (request, session) => forwardToken(request, await tokenFor(session)));

export const config = {
  matcher: [
    // Everything except Next internals and static files…
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    // …and always API routes.
    "/(api|trpc)(.*)",
  ],
};
