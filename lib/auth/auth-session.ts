// What every auth mode resolves a request to; the rest of the app never asks which mode produced it.
export interface AuthSession {
  sessionId: string;
  user: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
  };
  /** The active organization, or null when the user has none selected. */
  org: {
    id: string;
    slug: string;
    name: string | null;
    role: string;
  } | null;
  /** Clerk mode only: a token from one of the instance's JWT templates (a Backend API round trip). */
  clerkTemplateToken?: (template: string) => Promise<string | null>;
}

export const ORG_ADMIN_ROLE = "org:admin";
