// The JWT template files, bundled (the Edge middleware has no file system). Name = file name without .json.
import tinybird from "./jwt-templates/tinybird.json";
import tinybirdAdmin from "./jwt-templates/tinybird_admin.json";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JwtTemplate = { [claim: string]: JsonValue };

export const JWT_TEMPLATES: Readonly<Record<string, JwtTemplate>> = {
  tinybird,
  tinybird_admin: tinybirdAdmin,
};

/** The template kept in the repo under `name`; `variable` names the setting that chose it, for the error. */
export function jwtTemplate(name: string, variable: string): JwtTemplate {
  const template = JWT_TEMPLATES[name];
  if (!template) {
    throw new Error(
      `${variable}=${name}: there is no lib/tinybird/jwt-templates/${name}.json (templates: ${Object.keys(JWT_TEMPLATES).join(", ")})`,
    );
  }
  return template;
}
