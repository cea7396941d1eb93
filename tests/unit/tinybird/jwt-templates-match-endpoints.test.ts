// The JWT templates in lib/tinybird/jwt-templates are the single source of truth for what a tenant's token may read.
// This check keeps them in step with tinybird/endpoints: every endpoint has exactly one scope per template, every
// scope names an endpoint, every fixed param is a parameter of its pipe, and every endpoint requires `org`.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JWT_TEMPLATES, type JwtTemplate } from "@/lib/tinybird/jwt-templates";
import { loadProject, pipeParameters } from "tinybird-local-chdb";

interface Scope {
  type: string;
  resource: string;
  fixed_params?: Record<string, unknown>;
}

const project = loadProject(path.resolve("tinybird"), {});
const endpoints = [...project.pipes.values()].filter((pipe) => pipe.type === "endpoint");

function scopes(template: JwtTemplate): Scope[] {
  return template.scopes as unknown as Scope[];
}

describe("JWT templates ↔ endpoints", () => {
  it("finds the project's endpoints", () => {
    expect(endpoints.map((pipe) => pipe.name).sort()).toContain("usage_kpis");
    expect(endpoints.length).toBeGreaterThanOrEqual(9);
  });

  for (const [name, template] of Object.entries(JWT_TEMPLATES)) {
    describe(`template ${name}`, () => {
      it("has exactly one PIPES:READ scope per endpoint and none for anything else", () => {
        const resources = scopes(template).map((scope) => scope.resource);
        expect(scopes(template).every((scope) => scope.type === "PIPES:READ")).toBe(true);
        expect(new Set(resources).size).toBe(resources.length);
        expect([...resources].sort()).toEqual(endpoints.map((pipe) => pipe.name).sort());
      });

      it("fixes org to the active organization in every scope", () => {
        for (const scope of scopes(template)) expect(scope.fixed_params?.org, scope.resource).toBe("{{org.slug}}");
      });

      it("only fixes parameters the pipe really has", () => {
        for (const scope of scopes(template)) {
          const parameters = pipeParameters(project.pipes.get(scope.resource)!, project);
          for (const param of Object.keys(scope.fixed_params ?? {})) {
            expect(parameters.has(param), `${scope.resource} has no parameter "${param}"`).toBe(true);
          }
        }
      });

      it("names tokens per member so rate limits are not shared across tenants", () => {
        expect(template.name).toContain("{{org.slug}}");
        expect(template.name).toContain("{{user.id}}");
      });
    });
  }

  it("members' tokens also fix the user; admins' tokens don't", () => {
    for (const scope of scopes(JWT_TEMPLATES.tinybird!))
      expect(scope.fixed_params?.user, scope.resource).toBe("{{user.id}}");
    for (const scope of scopes(JWT_TEMPLATES.tinybird_admin!)) expect(scope.fixed_params).not.toHaveProperty("user");
  });

  it("every endpoint requires org: a String parameter with no default", () => {
    for (const pipe of endpoints) {
      const org = pipeParameters(pipe, project).get("org");
      expect(org, `${pipe.name} has no org parameter`).toBeDefined();
      for (const declaration of org!) {
        expect(declaration.default, `${pipe.name} gives org a default`).toBeUndefined();
      }
      expect(
        org!.some((declaration) => declaration.type === "String" && declaration.required),
        `${pipe.name}: org is not String(required=True)`,
      ).toBe(true);
    }
  });
});
