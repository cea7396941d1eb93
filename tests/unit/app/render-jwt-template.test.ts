import { describe, expect, it } from "vitest";
import type { AuthSession } from "@/lib/auth/auth-session";
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate, templateContext } from "@/lib/tinybird/render-jwt-template";

const session: AuthSession = {
  sessionId: "sess_1",
  user: { id: "user_1", firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" },
  org: { id: "org_1", slug: "acme", name: "Acme", role: "org:admin" },
};

describe("renderJwtTemplate", () => {
  it("replaces every shortcode the session provides with its typed value", () => {
    const template = {
      user_id: "{{user.id}}",
      first: "{{user.first_name}}",
      last: "{{user.last_name}}",
      full: "{{user.full_name}}",
      email: "{{user.primary_email_address}}",
      org_id: "{{org.id}}",
      org_slug: "{{org.slug}}",
      org_name: "{{org.name}}",
      org_role: "{{org.role}}",
      session: "{{session.id}}",
      spaced: "{{ org.slug }}",
    };
    expect(renderJwtTemplate(template, templateContext(session))).toEqual({
      user_id: "user_1",
      first: "Ada",
      last: "Lovelace",
      full: "Ada Lovelace",
      email: "ada@example.com",
      org_id: "org_1",
      org_slug: "acme",
      org_name: "Acme",
      org_role: "org:admin",
      session: "sess_1",
      spaced: "acme",
    });
  });

  it("keeps non-string types of a whole-shortcode value", () => {
    const context = { user: { public_metadata: { plan: "pro", seats: 3 } }, org: null };
    expect(
      renderJwtTemplate({ meta: "{{user.public_metadata}}", seats: "{{user.public_metadata.seats}}" }, context),
    ).toEqual({
      meta: { plan: "pro", seats: 3 },
      seats: 3,
    });
  });

  it("interpolates shortcodes inside longer strings, in nested objects and arrays", () => {
    const rendered = renderJwtTemplate(
      {
        name: "member_{{org.slug}}_{{user.id}}",
        nested: { list: ["{{org.slug}}", "x-{{user.first_name}}-y", 7, true, null] },
      },
      templateContext(session),
    );
    expect(rendered).toEqual({ name: "member_acme_user_1", nested: { list: ["acme", "x-Ada-y", 7, true, null] } });
  });

  it("renders a missing value as null, and as an empty string inside a longer string", () => {
    const noOrg = templateContext({ ...session, org: null, user: { ...session.user, lastName: null } });
    expect(
      renderJwtTemplate(
        { org: "{{org.slug}}", last: "{{user.last_name}}", unknown: "{{user.shoe_size}}", label: "org={{org.slug}};" },
        noOrg,
      ),
    ).toEqual({ org: null, last: null, unknown: null, label: "org=;" });
  });

  it("leaves text that is not a shortcode alone", () => {
    expect(renderJwtTemplate({ a: "{{}}", b: "{user.id}", c: "{{ 1 + 1 }}" }, templateContext(session))).toEqual({
      a: "{{}}",
      b: "{user.id}",
      c: "{{ 1 + 1 }}",
    });
  });

  it("pins members to org and user, and admins to the org only, in the repo's templates", () => {
    const member = renderJwtTemplate(JWT_TEMPLATES.tinybird!, templateContext(session)) as {
      scopes: Array<{ fixed_params: Record<string, unknown> }>;
    };
    const admin = renderJwtTemplate(JWT_TEMPLATES.tinybird_admin!, templateContext(session)) as typeof member;
    expect(member.scopes.length).toBeGreaterThan(0);
    for (const scope of member.scopes) expect(scope.fixed_params).toEqual({ org: "acme", user: "user_1" });
    for (const scope of admin.scopes) expect(scope.fixed_params).toEqual({ org: "acme" });
  });
});
