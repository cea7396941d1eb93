/**
 * Tinybird's SQL template language (Tornado syntax running Python expressions) ported to TypeScript, faithful to
 * Tinybird's own sources (tinybird-cli sql_template.py, tornado_template.py, datatypes.py and the API's error
 * handlers), Python leaks included: `True` renders as `True`, lists as Python reprs, params named like builtins
 * resolve to the builtin, `{% set %}` names are function locals, error texts are CPython 3.11's.
 *
 * Implemented: tags, forbidden tags and the `{{ }}` whitelist; if/for/while/try/set/break/continue/whitespace; a
 * Python 3.11 expression subset with Python semantics (literals, f-strings, comprehensions, lambdas, slices, all
 * operators, common builtins and str/list/dict methods); Tinybird's whole function namespace; test-mode
 * placeholders; Array preprocessing; variable analysis with reserved-name warnings and the required-parameter message.
 * tb_secret() emits `{NAME: String}` and returns the value in `queryParams` for ClickHouse parameter binding.
 *
 * Deliberately not: imports, eval/exec and other introspection builtins, bytes, complex numbers, walrus, lazy
 * generators (a clear 400 "… is not supported by the local Tinybird template engine" instead); runaway loops stop at
 * a per-render budget. A JSON body value `1.0` arrives as the number 1 and renders as an int.
 */
import { pyStr } from "./py-format";
import { truthy } from "./py-ops";
import type { PyValue } from "./py-values";
import { compiledTypes, render, renderWithSecrets, type RenderOptions, type RenderResult } from "./render-sql-template";

export { TemplateError } from "./template-error";
export type { RenderOptions, RenderResult } from "./render-sql-template";

export interface TemplateVariable {
  name: string;
  /** "String" | "Int32" | … | "Array(Int32)" | "Boolean" | "DateTime" … */
  type: string;
  /** Absent when the template gives no default (Python None). */
  default?: unknown;
  /** From the required= kwarg (metadata only: nothing enforces it at runtime). */
  required?: boolean;
  description?: string;
  example?: string;
  enum?: string[];
  format?: string;
  /** Set for names only seen in defined()/column()/split_to_array()…, which never count as required. */
  usedIn?: "function_call";
  /** Array(…, defined=False) */
  defined?: boolean;
}

/** `template` is the node SQL AFTER its leading `%` was removed. Throws TemplateError for every user-facing failure. */
export function renderSqlTemplate(
  template: string,
  variables: Record<string, unknown>,
  options?: RenderOptions,
): RenderResult {
  return render(template, variables, options);
}

function toJs(v: PyValue): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(toJs);
  if (v === null || typeof v !== "object") return v;
  return pyStr(v);
}

/**
 * The variables a template uses with their declared types/defaults, in Tinybird's get_var_names_and_types order
 * (one entry per analysed occurrence, so a name can repeat with different types).
 */
export function templateVariables(template: string): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  for (const { name, fields } of compiledTypes(template)) {
    if (typeof name !== "string") continue;
    const v: TemplateVariable = { name, type: pyStr(fields.get("type") ?? "String") };
    const dflt = fields.get("default") ?? null;
    if (dflt !== null) v.default = toJs(dflt);
    const required = fields.get("required");
    if (required !== undefined && required !== null) v.required = truthy(required);
    for (const key of ["description", "example", "format"] as const) {
      const value = fields.get(key);
      if (value !== undefined && value !== null) v[key] = pyStr(value);
    }
    const en = fields.get("enum");
    if (Array.isArray(en)) v.enum = en.map((x) => pyStr(x));
    if (fields.get("used_in") === "function_call") v.usedIn = "function_call";
    const defined = fields.get("defined");
    if (typeof defined === "boolean") v.defined = defined;
    out.push(v);
  }
  return out;
}

/**
 * `{{ tb_secret('NAME', 'default') }}` in .datasource / .connection files (Tinybird Forward renders them before
 * parsing): the secret's raw value, its default, or a TemplateError naming the missing secret.
 */
export function renderTemplateWithSecrets(content: string, secrets: Record<string, string>): string {
  return renderWithSecrets(content, secrets);
}
