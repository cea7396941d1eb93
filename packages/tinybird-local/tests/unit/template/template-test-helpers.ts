/** Shared helpers for the template golden tests: render, capture the TemplateError, call namespace functions. */
import { expect } from "vitest";
import { renderSqlTemplate, TemplateError, type RenderOptions } from "../../../src/template/index";
import { callValue } from "../../../src/template/py-call";
import { pyRepr } from "../../../src/template/py-format";
import type { PyValue } from "../../../src/template/py-values";
import { TYPE_FUNCTIONS } from "../../../src/template/sql-functions";
import { parseTemplate } from "../../../src/template/tornado-parser";
import { templateVarNames, templateVarTypes } from "../../../src/template/template-variables";

export function sql(template: string, variables: Record<string, unknown> = {}, options: RenderOptions = {}): string {
  return renderSqlTemplate(template, variables, options).sql;
}

export function testSql(template: string, variables: Record<string, unknown> = {}): string {
  return sql(template, variables, { testMode: true });
}

/** The TemplateError a render throws (fails the test if it renders). */
export function renderError(
  template: string,
  variables: Record<string, unknown> = {},
  options: RenderOptions = {},
): TemplateError {
  try {
    renderSqlTemplate(template, variables, options);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error(`expected ${JSON.stringify(template)} to fail`);
}

export function errorMessage(
  template: string,
  variables: Record<string, unknown> = {},
  options: RenderOptions = {},
): string {
  return renderError(template, variables, options).message;
}

/** Call a function of Tinybird's template namespace with Python values, as the doctests do. */
export function callFn(name: string, args: PyValue[], kwargs: Record<string, PyValue> = {}): PyValue {
  const f = TYPE_FUNCTIONS.get(name);
  if (f === undefined) throw new Error(`no template function ${name}`);
  return callValue(f, { args, kwargs: new Map(Object.entries(kwargs)) });
}

/** `repr(get_var_names_and_types(Template(t)))`, comparable to the doctest output verbatim. */
export function varTypesRepr(template: string): string {
  const items = templateVarTypes(parseTemplate(template)).map(
    (v) =>
      "{" +
      [`'name': ${pyRepr(v.name)}`, ...[...v.fields].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)].join(", ") +
      "}",
  );
  return "[" + items.join(", ") + "]";
}

/** `[v['name'] for v in get_var_names(Template(t))]` */
export function varNames(template: string): string[] {
  return templateVarNames(parseTemplate(template)).map((v) => v.name);
}

export function varNamesWithLines(template: string): { name: string; line: number }[] {
  return templateVarNames(parseTemplate(template));
}
