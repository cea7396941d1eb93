// Clerk JWT-template semantics: a string that is exactly one shortcode becomes the typed value (null when missing);
// shortcodes inside longer strings are interpolated (a missing value interpolates as an empty string).
import type { AuthSession } from "@/lib/auth/auth-session";
import type { JsonValue, JwtTemplate } from "@/lib/tinybird/jwt-templates";

export type TemplateContext = { [key: string]: JsonValue };

const WHOLE_SHORTCODE = /^\{\{\s*([A-Za-z_][\w.]*)\s*\}\}$/;
const SHORTCODE = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

function lookup(context: TemplateContext, path: string): JsonValue {
  let value: JsonValue | undefined = context;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
    value = value[key];
  }
  return value ?? null;
}

function renderValue(value: JsonValue, context: TemplateContext): JsonValue {
  if (typeof value === "string") {
    const whole = WHOLE_SHORTCODE.exec(value);
    if (whole) return lookup(context, whole[1]!);
    return value.replace(SHORTCODE, (_, path: string) => {
      const found = lookup(context, path);
      if (found === null) return "";
      return typeof found === "object" ? JSON.stringify(found) : String(found);
    });
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, context));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, context)]));
  }
  return value;
}

export function renderJwtTemplate(template: JwtTemplate, context: TemplateContext): JwtTemplate {
  return renderValue(template, context) as JwtTemplate;
}

/** The shortcode values a session provides, named as in Clerk's JWT templates. */
export function templateContext(session: AuthSession): TemplateContext {
  const { user, org } = session;
  const fullName = [user.firstName, user.lastName].filter(Boolean).join(" ") || null;
  return {
    user: {
      id: user.id,
      first_name: user.firstName,
      last_name: user.lastName,
      full_name: fullName,
      primary_email_address: user.email,
    },
    org: org ? { id: org.id, slug: org.slug, name: org.name, role: org.role } : null,
    session: { id: session.sessionId },
  };
}
