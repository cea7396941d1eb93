/**
 * render_sql_template(): compile (cached) → analyse variables → run → map Python exceptions to the HTTP errors
 * Tinybird's API returns.
 */
import type { Expr } from "./py-ast";
import { PyException, isExceptionClassName, sqlTemplateException, typeError, valueError } from "./py-exception";
import { pyStr } from "./py-format";
import { Interpreter, LoopBudgetExceeded, Scope, type Globals } from "./py-interpreter";
import { jsonDumps } from "./py-json";
import { pyIter, pyUnary, truthy } from "./py-ops";
import { parseWrappedExpression } from "./py-parser";
import { BUILTINS } from "./py-builtins";
import {
  Placeholder,
  PyClass,
  PyDict,
  PyExceptionObject,
  PySet,
  PyTuple,
  intOf,
  strOf,
  type PyValue,
} from "./py-values";
import {
  REQUIRED_PARAM_NOT_DEFINED,
  arrayParameterValue,
  NAMESPACE_DICT_NAMES,
  NAMESPACE_STATIC,
  RENDER_SCOPED_NAMES,
  TYPE_FUNCTIONS,
  TYPE_FUNCTIONS_TEST,
  expressionWrapper,
  renderScopedFunctions,
  secretLookupFunction,
  type RenderSideEffects,
} from "./sql-functions";
import { TemplateError } from "./template-error";
import { compileProgram, type ProgramNode, type Program } from "./template-program";
import { templateVarNames, templateVarTypes, type TypedVar } from "./template-variables";
import { parseTemplate } from "./tornado-parser";

const DOC = "/cli/advanced-templates.html";
const QUERY_PARAMETERS_DOC = "/query/query-parameters.html";
const JOB_TIMESTAMP_PARAM = "job_timestamp";
const TB_SECRET_IN_TEST_MODE = "tb_secret_dont_raise";
const DEFAULT_PARAM_NAMES = new Set(["format", "q"]);
const RESERVED_PARAM_NAMES = new Set([
  "__tb__semver",
  "debug_source_tables",
  "debug",
  "explain",
  "finalize_aggregations",
  "output_format_json_quote_64bit_integers",
  "output_format_json_quote_denormals",
  "output_format_parquet_string_as_string",
  "pipeline",
  "playground",
  "q",
  "query_id",
  "release_replacements",
  "tag",
  "template_parameters",
  "token",
  JOB_TIMESTAMP_PARAM,
]);
// A runaway `{% while %}` would hang Tinybird's worker too; here it fails the request instead.
const LOOP_BUDGET = 1_000_000;
const CACHE_LIMIT = 2_000;

export interface RenderOptions {
  testMode?: boolean;
  secrets?: Record<string, string>;
}

export interface RenderResult {
  sql: string;
  warnings: string[];
  /**
   * ClickHouse query settings the template asked for, as Tinybird's API applies them: max_threads(n) →
   * `max_threads`, activate('analyzer') → `allow_experimental_analyzer = 1`, disable('analyzer') → `= 0`.
   */
  settings: Record<string, string | number>;
  /** Tinybird-level requests with no ClickHouse setting behind them: cache_ttl, backend_hint, activate('parallel_replicas'). */
  hints: Record<string, string>;
  /** ClickHouse query parameters for `{name: String}` placeholders emitted by tb_secret()/tb_var(). */
  queryParams: Record<string, string>;
}

interface Compiled {
  /** Template construction failure (parse, security check, Python compile), rethrown on every use. */
  constructionError?: TemplateError;
  program?: Program;
  /** get_var_names failure (`"format" can not be used as a variable name`). */
  namesError?: TemplateError;
  warnings: string[];
  /** Template parameter name → line of its last occurrence (test mode Placeholders carry it). */
  varLines: Map<string, number>;
  usesTbSecret: boolean;
  usesJobTimestamp: boolean;
  typedError?: TemplateError;
  typed: TypedVar[];
  /** Parameter name → element type, for the first typed declaration of each name that is an Array(T). */
  arrayTypes: Map<string, string>;
}

const cache = new Map<string, Compiled>();

// ---- Python exception → HTTP error ---------------------------------------------------------------------------------

/** views/template_utils.parse_syntax_error */
function syntaxErrorText(e: PyException): string {
  let message = e.message;
  const found = /<string>:(\d*)/.exec(message);
  let line = found?.[1];
  message = message.replace(/<string>:(\d*)/g, "").trim();
  if (e.pyType === "SyntaxError" && e.extra.line !== undefined) line = String(e.extra.line);
  if (!line) return `Syntax error: ${message}`;
  return `Syntax error: ${message}${message.endsWith("at") ? " " : ", "}line ${line}`;
}

function customErrorResponse(e: PyException): TemplateError {
  const payload = e.extra.payload as PyValue;
  const code = intOf((e.extra.code ?? null) as PyValue);
  const status = code !== undefined && code >= 100n && code <= 599n ? Number(code) : undefined;
  if (status === undefined)
    return new TemplateError(`Invalid status code ${pyStr((e.extra.code ?? null) as PyValue)}`, { status: 500 });
  const text = strOf(payload);
  if (text !== undefined) return new TemplateError(text, { status, body: text, contentType: "text/html" });
  if (payload instanceof PyDict) {
    try {
      // Tornado's json_encode also escapes "</" so the body is safe inside <script>.
      const body = jsonDumps(payload).replace(/<\//g, "<\\/");
      return new TemplateError(e.message, { status, body, contentType: "application/json" });
    } catch (err) {
      if (err instanceof PyException) return new TemplateError(err.message, { status: 500 });
      throw err;
    }
  }
  const list = Array.isArray(payload)
    ? ". Lists not accepted for security reasons; see http://www.tornadoweb.org/en/stable/web.html#tornado.web.RequestHandler.write"
    : "";
  return new TemplateError(`write() only accepts bytes, unicode, and dict objects${list}`, { status: 500 });
}

/** The API handler's except clauses (views/api_query.py). */
function toHttpError(e: PyException): TemplateError {
  if (e.pyType === "SQLTemplateCustomError") return customErrorResponse(e);
  if (e.pyType === "SQLTemplateException") {
    const doc = e.extra.documentation;
    return new TemplateError(e.message, doc === undefined ? {} : { documentation: doc });
  }
  if (e.is("ValueError")) return new TemplateError(e.message, { documentation: QUERY_PARAMETERS_DOC });
  if (e.pyType === "SyntaxError" || e.pyType === "ParseError" || e.pyType === "UnClosedIfError")
    return new TemplateError(syntaxErrorText(e));
  if (e.pyType === "SecurityException") return new TemplateError(`Template Syntax Error: ${e.message}`);
  return new TemplateError(e.message, { status: 500 });
}

function joinNames(items: string[]): string {
  if (items.length === 1) return items[0] ?? "";
  return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
}

/** format_SQLTemplateException_message: list every typed parameter of the node that has no default. */
function withRequiredParams(e: PyException, typed: TypedVar[]): PyException {
  if (!e.message.includes(REQUIRED_PARAM_NOT_DEFINED) || typed.length === 0) return e;
  const names: PyValue[] = [];
  for (const v of typed) {
    const dflt = v.fields.get("default") ?? null;
    if (dflt !== null || v.fields.has("used_in") || v.name === JOB_TIMESTAMP_PARAM) continue;
    if (!names.some((n) => n === v.name)) names.push(v.name);
  }
  // Python's str.join fails on non-string names and the original message survives.
  if (names.length === 0 || names.some((n) => typeof n !== "string")) return e;
  return sqlTemplateException(
    `${REQUIRED_PARAM_NOT_DEFINED}. Check the parameters ${joinNames(names as string[])}. Please provide a value or set a default value in the pipe code.`,
    e.extra.documentation,
  );
}

/** generate()'s and render_sql_template()'s except clauses, in order. */
function fromRuntime(raw: PyException, compiled: Compiled, globals: RenderGlobals): PyException {
  let e = raw;
  if (e.pyType === "UnboundLocalError") e = sqlTemplateException(e.message);
  else if (e.is("TypeError")) {
    const hint = e.message.includes("not supported between instances of 'Placeholder' and ")
      ? ". If you are using a dynamic parameter, you need to wrap it around a valid Data Type (e.g. Int8(placeholder))"
      : "";
    e = valueError(e.message + hint);
  } else if (e.pyType !== "SQLTemplateCustomError") {
    const x = globals.lookup("x");
    if (x instanceof Placeholder) e = valueError(`${e.message}, line ${x.line}`);
  }

  if (e.pyType === "NameError") return sqlTemplateException(e.message, `${DOC}#defined`);
  if (e.pyType === "SQLTemplateException") return withRequiredParams(e, compiled.typed);
  if (e.is("AttributeError")) {
    if (e.message.includes("'str' object has no attribute 'get'"))
      return sqlTemplateException(
        "'str' object has no attribute 'get'. Make sure you're using an object/dictionary where trying to use .get()",
        DOC,
      );
    return sqlTemplateException(e.message, DOC);
  }
  if (e.is("IndexError")) {
    if (e.message.includes("string index out of range"))
      return sqlTemplateException(
        "String index out of range. Check that string parameters have values before accessing specific characters (e.g., param[0]). Provide default values or add length checks in your template.",
        DOC,
      );
    return sqlTemplateException(e.message, DOC);
  }
  const { vars, testMode } = globals;
  const length = vars.has("length")
    ? vars.get("length")
    : compiled.varLines.has("length")
      ? testMode
        ? new Placeholder()
        : null
      : undefined;
  if (length !== undefined && !truthy(length ?? null))
    return sqlTemplateException("length cannot be used as a variable name or as a function inside of a template");
  if (e.message.includes("missing 1 required positional argument"))
    return sqlTemplateException(
      "one of the transform type functions is missing an argument",
      `${DOC}#transform-types-functions`,
    );
  if (e.message.includes("not callable") || e.message.includes("unhashable type"))
    return sqlTemplateException("wrong syntax, you might be using a not valid function inside a control block", DOC);
  return e;
}

// ---- compilation -------------------------------------------------------------------------------------------------------

function asTemplateError(e: unknown): TemplateError {
  if (e instanceof TemplateError) return e;
  if (e instanceof PyException) {
    if (e.pyType === "Exception") return new TemplateError(e.message, { status: 500 });
    return toHttpError(e);
  }
  throw e;
}

function compile(template: string): Compiled {
  const hit = cache.get(template);
  if (hit) return hit;
  const c: Compiled = {
    warnings: [],
    varLines: new Map(),
    usesTbSecret: false,
    usesJobTimestamp: false,
    typed: [],
    arrayTypes: new Map(),
  };
  try {
    const chunks = parseTemplate(template);
    c.program = compileProgram(chunks);
    const names = templateVarNames(chunks);
    try {
      const reserved: string[] = [];
      for (const v of names) {
        if (DEFAULT_PARAM_NAMES.has(v.name))
          throw valueError(`"${v.name}" can not be used as a variable name, line ${v.line}`);
        if (RESERVED_PARAM_NAMES.has(v.name)) reserved.push(v.name);
      }
      if (reserved.length === 1)
        c.warnings.push(
          `The parameter name "${reserved[0]}" is a reserved word. Please, choose another name or the pipe will not work as expected.`,
        );
      else if (reserved.length > 1)
        c.warnings.push(
          `The parameter names ${reserved
            .slice(0, -1)
            .map((n) => `"${n}"`)
            .join(
              ", ",
            )} and "${reserved[reserved.length - 1]}" are reserved words. Please, choose another name or the pipe will not work as expected.`,
        );
    } catch (e) {
      c.namesError = asTemplateError(e);
    }
    for (const v of names) c.varLines.set(v.name, v.line);
    c.usesTbSecret = c.varLines.has("tb_secret") || c.varLines.has("tb_var");
    try {
      c.typed = templateVarTypes(chunks);
      c.usesJobTimestamp = c.typed.some((t) => t.name === JOB_TIMESTAMP_PARAM);
      const seen = new Set<string>();
      for (const t of c.typed) {
        if (typeof t.name !== "string" || seen.has(t.name)) continue;
        seen.add(t.name);
        const match = /^Array\((\w+)\)/.exec(strOf(t.fields.get("type") ?? null) ?? "");
        if (match) c.arrayTypes.set(t.name, match[1] ?? "");
      }
    } catch (e) {
      c.typedError = asTemplateError(e);
    }
  } catch (e) {
    c.constructionError = asTemplateError(e);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(template, c);
  return c;
}

export function compiledTypes(template: string): TypedVar[] {
  const c = compile(template);
  if (c.constructionError) throw c.constructionError;
  if (c.typedError) throw c.typedError;
  return c.typed;
}

// ---- variables -----------------------------------------------------------------------------------------------------------

/** Request values (strings, JSON body values, JWT fixed_params) as Python values. */
function toPython(v: unknown): PyValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "string":
    case "boolean":
    case "bigint":
      return v;
    case "number":
      return Number.isInteger(v) && !Object.is(v, -0) ? BigInt(v) : v;
  }
  if (Array.isArray(v)) return v.map(toPython);
  if (v instanceof PyTuple || v instanceof PyDict || v instanceof PySet) return v;
  const proto = typeof v === "object" ? Object.getPrototypeOf(v) : undefined;
  if (proto === Object.prototype || proto === null)
    return PyDict.from(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toPython(x)] as const));
  return String(v);
}

/** ast.literal_eval over the text Array() produced. */
function literalEval(e: Expr): PyValue {
  switch (e.type) {
    case "Constant": {
      const v = e.value;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) throw valueError("malformed node or string");
      return v as PyValue;
    }
    case "List":
      return e.elts.map(literalEval);
    case "Tuple":
      return new PyTuple(e.elts.map(literalEval));
    case "Set":
      return PySet.from(e.elts.map(literalEval));
    case "UnaryOp":
      if ((e.op === "USub" || e.op === "UAdd") && e.operand.type === "Constant")
        return pyUnary(e.op === "USub" ? "-" : "+", literalEval(e.operand));
      throw valueError("malformed node or string");
    default:
      throw valueError("malformed node or string");
  }
}

function literalEvalText(text: string): PyValue {
  const [expr, extra] = parseWrappedExpression(text);
  if (!expr || extra) throw valueError("malformed node or string");
  return literalEval(expr);
}

/** preprocess_variables: Array(T) parameters given as "1,2,3" (or JSON lists) become Python lists. */
function preprocessArrays(vars: Map<string, PyValue>, arrayTypes: ReadonlyMap<string, string>): void {
  for (const [name, type] of arrayTypes) {
    const value = vars.get(name);
    if (value === undefined || value === null) continue;
    try {
      const list = arrayParameterValue(value, type, literalEvalText);
      if (list) vars.set(name, list);
    } catch (e) {
      if (!(e instanceof PyException)) throw e;
    }
  }
}

function utcTimestamp(): string {
  return new Date().toISOString().slice(0, 19).replace("T", " ");
}

// ---- execution ---------------------------------------------------------------------------------------------------------

type Signal = "break" | "continue" | undefined;

function exceptionMatches(e: PyException, handlerType: PyValue): boolean {
  if (handlerType instanceof PyTuple) return handlerType.items.some((t) => exceptionMatches(e, t));
  if (!(handlerType instanceof PyClass) || !isExceptionClassName(handlerType.name))
    throw typeError("catching classes that do not inherit from BaseException is not allowed");
  return e.is(handlerType.name);
}

class Runner {
  constructor(
    private readonly interp: Interpreter,
    private readonly scope: Scope,
    private readonly out: string[],
    /** Plain Tornado output (str() of the value) instead of Tinybird's expression_wrapper SQL rendering. */
    private readonly raw = false,
  ) {}

  run(nodes: ProgramNode[]): Signal {
    for (const n of nodes) {
      const signal = this.node(n);
      if (signal) return signal;
    }
    return undefined;
  }

  private node(n: ProgramNode): Signal {
    const { interp, scope } = this;
    switch (n.kind) {
      case "text":
        this.out.push(n.value);
        return undefined;
      case "expr": {
        const values =
          n.items.length === 1
            ? [interp.eval(n.items[0] as Expr, scope)]
            : n.items.map((item) => interp.eval(item, scope));
        if (this.raw) {
          const v = values.length === 1 ? (values[0] ?? null) : new PyTuple(values);
          this.out.push(strOf(v) ?? pyStr(v));
          return undefined;
        }
        if (values.length === 2)
          throw typeError("expression_wrapper() got multiple values for argument 'escape_arrays'");
        if (values.length > 2)
          throw typeError(
            `expression_wrapper() takes from 2 to 3 positional arguments but ${values.length + 1} were given`,
          );
        const v = expressionWrapper(values[0] ?? null, n.source);
        this.out.push(strOf(v) ?? pyStr(v));
        return undefined;
      }
      case "stmt":
        for (const s of n.stmts) interp.exec(s, scope);
        return undefined;
      case "break":
      case "continue":
        return n.kind;
      case "if": {
        for (const b of n.branches) if (truthy(interp.eval(b.test, scope))) return this.run(b.body);
        return n.orelse ? this.run(n.orelse) : undefined;
      }
      case "for": {
        for (const item of pyIter(interp.eval(n.iter, scope))) {
          interp.tick();
          interp.assign(n.target, item, scope);
          if (this.run(n.body) === "break") return undefined;
        }
        return n.orelse ? this.run(n.orelse) : undefined;
      }
      case "while": {
        while (truthy(interp.eval(n.test, scope))) {
          interp.tick();
          if (this.run(n.body) === "break") return undefined;
        }
        return n.orelse ? this.run(n.orelse) : undefined;
      }
      case "try":
        return this.tryBlock(n);
    }
  }

  private tryBlock(n: ProgramNode & { kind: "try" }): Signal {
    let signal: Signal;
    try {
      signal = this.guarded(n);
    } finally {
      if (n.finalbody) {
        const f = this.run(n.finalbody);
        if (f) signal = f;
      }
    }
    return signal;
  }

  private guarded(n: ProgramNode & { kind: "try" }): Signal {
    try {
      const signal = this.run(n.body);
      if (signal || !n.orelse) return signal;
    } catch (e) {
      if (!(e instanceof PyException) || n.handlers.length === 0) throw e;
      const caught = e;
      for (const h of n.handlers) {
        if (h.exceptionType && !exceptionMatches(caught, this.interp.eval(h.exceptionType, this.scope))) continue;
        if (h.name) this.scope.store(h.name, new PyExceptionObject(caught.pyType, caught.message));
        try {
          return this.run(h.body);
        } finally {
          if (h.name) this.scope.locals.delete(h.name);
        }
      }
      throw caught;
    }
    return this.run(n.orelse ?? []);
  }
}

const NO_SECRETS: ReadonlyMap<string, string> = new Map();

/** What the API does with template_execution_results (views/api_query.py). */
function querySettings(requested: ReadonlyMap<string, PyValue>): Pick<RenderResult, "settings" | "hints"> {
  const settings: Record<string, string | number> = {};
  const hints: Record<string, string> = {};
  for (const [key, value] of requested) {
    if (value === null) continue;
    if (key === "max_threads") settings.max_threads = Number(value as bigint);
    else if (key === "activate" && pyStr(value) === "analyzer") settings.allow_experimental_analyzer = 1;
    else if (key === "disable") settings.allow_experimental_analyzer = 0;
    // Parallel replicas need a cluster; on single-node chDB it stays a hint.
    else hints[key] = pyStr(value);
  }
  return { settings, hints };
}

/**
 * The template's global namespace for one render, in generate()'s precedence: render-scoped functions, type
 * functions, tb_secrets, request variables, the template's own parameter names (None, or Placeholders in test mode),
 * `id`, sql_template._namespace, then Python's builtins.
 */
class RenderGlobals implements Globals {
  readonly effects: RenderSideEffects = { settings: new Map(), queryParams: new Map() };
  private readonly typeFns: ReadonlyMap<string, PyValue>;
  private readonly secretTestMode: boolean;
  private readonly tbSecrets: PyValue;
  private renderFns?: Map<string, PyValue>;
  private namespaceDicts?: Map<string, PyValue>;
  private placeholders?: Map<string, Placeholder>;

  constructor(
    private readonly compiled: Compiled,
    readonly vars: Map<string, PyValue>,
    readonly testMode: boolean,
    private readonly secrets: ReadonlyMap<string, string>,
  ) {
    this.typeFns = testMode ? TYPE_FUNCTIONS_TEST : TYPE_FUNCTIONS;
    this.secretTestMode = testMode && compiled.usesTbSecret;
    this.tbSecrets = secrets.size ? [...secrets.keys()].map((k) => `tb_secret_${k}`) : null;
  }

  lookup(name: string): PyValue | undefined {
    if (RENDER_SCOPED_NAMES.has(name)) {
      this.renderFns ??= renderScopedFunctions(this.effects, this.secrets, this.secretTestMode);
      return this.renderFns.get(name);
    }
    const typeFn = this.typeFns.get(name);
    if (typeFn !== undefined) return typeFn;
    if (this.secretTestMode && name === TB_SECRET_IN_TEST_MODE) return null;
    if (this.tbSecrets !== null && name === "tb_secrets") return this.tbSecrets;
    const v = this.vars.get(name);
    if (v !== undefined) return v;
    const line = this.compiled.varLines.get(name);
    if (line !== undefined) return this.testMode ? this.placeholder(name, line) : null;
    if (name === "id") return null;
    if (NAMESPACE_STATIC.has(name)) return NAMESPACE_STATIC.get(name);
    if (NAMESPACE_DICT_NAMES.has(name)) {
      this.namespaceDicts ??= new Map();
      if (!this.namespaceDicts.has(name)) this.namespaceDicts.set(name, new PyDict());
      return this.namespaceDicts.get(name);
    }
    return BUILTINS.get(name);
  }

  private placeholder(name: string, line: number): Placeholder {
    this.placeholders ??= new Map();
    let p = this.placeholders.get(name);
    if (!p) this.placeholders.set(name, (p = new Placeholder(name, line)));
    return p;
  }
}

export function render(
  template: string,
  variables: Record<string, unknown>,
  options: RenderOptions = {},
): RenderResult {
  const c = compile(template);
  if (c.constructionError) throw c.constructionError;
  if (c.namesError) throw c.namesError;
  if (c.typedError) throw c.typedError;
  const program = c.program as Program;

  const vars = new Map<string, PyValue>();
  for (const k in variables) {
    const v = variables[k];
    if (v !== undefined) vars.set(k, toPython(v));
  }
  if (c.arrayTypes.size) preprocessArrays(vars, c.arrayTypes);
  if (c.usesJobTimestamp && !vars.has(JOB_TIMESTAMP_PARAM)) vars.set(JOB_TIMESTAMP_PARAM, utcTimestamp());

  const secrets = options.secrets ? new Map(Object.entries(options.secrets)) : NO_SECRETS;
  const globals = new RenderGlobals(c, vars, options.testMode ?? false, secrets);
  const out: string[] = [];
  try {
    new Runner(new Interpreter(LOOP_BUDGET), new Scope(program.localNames, globals), out).run(program.nodes);
  } catch (e) {
    if (e instanceof LoopBudgetExceeded) throw new TemplateError(e.message);
    if (e instanceof PyException) throw toHttpError(fromRuntime(e, c, globals));
    throw e;
  }

  const { settings, hints } = querySettings(globals.effects.settings);
  return {
    sql: out.join(""),
    warnings: c.warnings,
    settings,
    hints,
    queryParams: Object.fromEntries(globals.effects.queryParams),
  };
}

/** The namespace of render_template_with_secrets: only tb_secret, then builtins. */
class SecretGlobals implements Globals {
  private readonly tbSecret: PyValue;

  constructor(secrets: ReadonlyMap<string, string>) {
    this.tbSecret = secretLookupFunction(secrets);
  }

  lookup(name: string): PyValue | undefined {
    return name === "tb_secret" ? this.tbSecret : BUILTINS.get(name);
  }
}

/**
 * render_template_with_secrets: `{{ tb_secret('NAME', 'default') }}` in .datasource/.connection files becomes the
 * secret's value itself (an empty value renders `""`); other failures are reported as rendering errors.
 */
export function renderWithSecrets(content: string, secrets: Record<string, string>): string {
  const c = compile(content);
  if (c.constructionError) throw c.constructionError;
  const out: string[] = [];
  const program = c.program as Program;
  try {
    new Runner(
      new Interpreter(LOOP_BUDGET),
      new Scope(program.localNames, new SecretGlobals(new Map(Object.entries(secrets)))),
      out,
      true,
    ).run(program.nodes);
  } catch (e) {
    if (e instanceof LoopBudgetExceeded) throw new TemplateError(e.message);
    if (!(e instanceof PyException)) throw e;
    if (e.pyType === "SQLTemplateException" || e.pyType === "SQLTemplateCustomError") throw toHttpError(e);
    throw toHttpError(sqlTemplateException(`Error rendering template with secrets: ${e.message}`));
  }
  return out.join("");
}
