/** Tinybird's template function namespace (sql_template.py): typed parameters, Array, column helpers, date diffs, … */
import { pyFloat, pyInt } from "./py-builtins";
import { Bound, pyFunction, type Signature } from "./py-call";
import { PyException, attributeError, sqlTemplateException, typeError } from "./py-exception";
import { pyStr } from "./py-format";
import { jsonLoads } from "./py-json";
import { pySplit } from "./py-methods";
import { pyContains, pyIter, pyLen, truthy } from "./py-ops";
import {
  Placeholder,
  PyDict,
  PyFunction,
  PyTuple,
  SqlComment,
  SqlExpression,
  SqlSymbol,
  TypedFloat,
  TypedInt,
  strOf,
  typeName,
  type PyValue,
} from "./py-values";
import { escapeIdentifier, escapeStringLiteral, quoteString } from "./sql-escape";
import { strptime, type ParsedDateTime } from "./strptime";
import { pyStrip } from "./tornado-parser";
import { TESTERS } from "./type-testers";

const DOC = "/cli/advanced-templates.html";
export const REQUIRED_PARAM_NOT_DEFINED = "Required parameter is not defined";

/** expression_wrapper(): how a `{{ }}` value (or an Array item) becomes SQL text, before str(). */
export function expressionWrapper(x: PyValue, name: string): PyValue {
  if (typeof x === "string") return quoteString(x);
  if (x instanceof Placeholder) return "'__no_value__'";
  // Python's source lacks the f-prefix here, so the braces are literal.
  if (x instanceof SqlComment) return "-- {x} \n";
  if (x === null) {
    const chars = [...name];
    const truncated = chars.length > 20 ? chars.slice(0, 20).join("") + "..." : name;
    throw sqlTemplateException(`expression "${truncated}" evaluated to null`, DOC);
  }
  return x;
}

/** sqlescape() calls str.translate, so non-strings fail with Python's AttributeError. */
function requireTranslatable(x: PyValue): string {
  const s = strOf(x);
  if (s === undefined) throw attributeError(`'${typeName(x)}' object has no attribute 'translate'`);
  return s;
}

function requireSplittable(x: PyValue): string {
  const s = strOf(x);
  if (s === undefined) throw attributeError(`'${typeName(x)}' object has no attribute 'split'`);
  return s;
}

const TYPED_KWARGS = ["required", "description", "enum", "example", "format"] as const;
const TRANSFORM_SIG: Signature = {
  qualname: "transform_type.<locals>._f",
  params: ["x", "default", "defined", ...TYPED_KWARGS],
  defaults: {
    default: null,
    defined: true,
    required: null,
    description: null,
    enum: null,
    example: null,
    format: null,
  },
};

type Transform = (x: PyValue) => PyValue;

/** sql_template.transform_type: validate with the type's tester, then transform. */
function transformType(tester: string, transform: Transform, placeholder: PyValue): PyFunction {
  return pyFunction(TRANSFORM_SIG, (a) => {
    let x = a.get("x");
    const dflt = a.get("default");
    if (x instanceof Placeholder) x = truthy(dflt) ? dflt : placeholder;
    else if (x === null) {
      x = dflt;
      if (x === null) {
        if (truthy(a.get("defined"))) throw sqlTemplateException(REQUIRED_PARAM_NOT_DEFINED, DOC);
        return null;
      }
    }
    if (tester === "String") {
      if (x !== null) return transform(x);
    } else if (TESTERS[tester]?.(pyStr(x))) return transform(x);
    throw sqlTemplateException(`Error validating '${pyStr(x)}' to type ${tester}`, DOC);
  });
}

/** sql_template.boolean: '0'/'false' (any case) are false, None uses the default, anything else is truthiness. */
function booleanValue(x: PyValue, dflt: PyValue): bigint {
  if (x === null) return dflt === null ? 0n : booleanValue(dflt, null);
  if (x instanceof Placeholder) return booleanValue(dflt, null);
  const s = strOf(x);
  if (s !== undefined && (s === "0" || s.toLowerCase() === "false")) return 0n;
  return truthy(x) ? 1n : 0n;
}

const boolean = pyFunction({ qualname: "boolean", params: ["x", "default"], defaults: { default: null } }, (a) =>
  booleanValue(a.get("x"), a.get("default")),
);

const symbol = pyFunction({ qualname: "symbol", params: ["x", "quote"], defaults: { quote: "`" } }, (a) => {
  const x = a.get("x");
  if (x instanceof Placeholder) return new SqlSymbol("`placeholder`");
  return new SqlSymbol(pyStr(a.get("quote")) + escapeIdentifier(requireTranslatable(x)) + pyStr(a.get("quote")));
});

const table = pyFunction({ qualname: "table", params: ["x", "quote"], defaults: { quote: "`" } }, (a) => {
  const x = a.get("x");
  if (x instanceof Placeholder) return new SqlSymbol("placeholder");
  return new SqlSymbol(escapeIdentifier(requireTranslatable(x)));
});

function columnValue(x: PyValue, dflt: PyValue): SqlSymbol {
  if (x === null || x instanceof Placeholder) {
    if (dflt === null)
      throw sqlTemplateException(
        "Missing column() default value, use `column(column_name, 'default_column_name')`",
        `${DOC}#column`,
      );
    x = dflt;
  }
  const s = strOf(x);
  if (s === undefined) return new SqlSymbol("`" + escapeIdentifier(requireTranslatable(x)) + "`");
  return new SqlSymbol(
    s
      .split(".")
      .map((part) => "`" + escapeIdentifier(part) + "`")
      .join("."),
  );
}

const column = pyFunction({ qualname: "column", params: ["x", "default"], defaults: { default: null } }, (a) =>
  columnValue(a.get("x"), a.get("default")),
);

const columns = pyFunction(
  { qualname: "columns", params: ["x", "default", "fn"], defaults: { default: null, fn: null } },
  (a) => {
    let x = a.get("x");
    if (x === null || x instanceof Placeholder) {
      if (a.get("default") === null)
        throw sqlTemplateException(
          "Missing columns() default value, use `columns(column_names, 'default_column_name')`",
          `${DOC}#columns`,
        );
      x = a.get("default");
    }
    const s = strOf(x);
    if (s === undefined)
      throw sqlTemplateException("The 'columns' function expects a String not an Array", `${DOC}#columns`);
    const names = s.split(",").map((c) => pyStrip(c));
    const fn = a.get("fn");
    if (truthy(fn))
      return new SqlExpression(names.map((c) => `${pyStr(fn)}(${columnValue(c, c).x}) as ${c}`).join(","));
    return new SqlExpression(names.map((c) => columnValue(c, c).x).join(","));
  },
);

const defined = pyFunction({ qualname: "defined", params: ["x"], defaults: { x: null } }, (a) => {
  const x = a.get("x");
  return !(x instanceof Placeholder || x === null);
});

function raiseError(a: Bound): never {
  throw new PyException("ValueError", pyStr(a.get("s")));
}
const error = pyFunction({ qualname: "error", params: ["s", "code"], defaults: { code: 400n } }, raiseError);
const customError = pyFunction({ qualname: "custom_error", params: ["s", "code"], defaults: { code: 400n } }, (a) => {
  throw new PyException("SQLTemplateCustomError", pyStr(a.get("s")), { payload: a.get("s"), code: a.get("code") });
});
/** Test mode replaces error()/custom_error() with a no-op that renders a SQL comment. */
const errorDummy = new PyFunction("dummy", () => new SqlComment("error launched"));

const SQL_AND_OPERANDS: Record<string, string> = { in: "in", not_in: "not in", gt: ">", lt: "<", gte: ">=", lte: "<=" };

const sqlAnd = new PyFunction("_and", (call) => {
  const parts: string[] = [];
  for (const [k, v] of call.kwargs) {
    if (v === null) continue;
    const sep = k.lastIndexOf("__");
    const name = sep === -1 ? k : k.slice(0, sep);
    let op = "=";
    if (sep !== -1) {
      const suffix = k.slice(sep + 2);
      const found = SQL_AND_OPERANDS[suffix];
      if (found === undefined) throw sqlTemplateException(`operand ${suffix} not supported`, `${DOC}#sql_and`);
      op = found;
    }
    parts.push(`${name} ${op} ${pyStr(expressionWrapper(v, k))}`);
  }
  return new SqlExpression(parts.join(" and "));
});

const enumerateWithLast = pyFunction({ qualname: "enumerate_with_last", params: ["arr"] }, (a) => {
  const arr = a.get("arr");
  const n = pyLen(arr);
  return [...pyIter(arr)].map((x, i) => new PyTuple([n === i + 1, x]));
});

const splitToArray = pyFunction(
  { qualname: "split_to_array", params: ["x", "default", "separator"], defaults: { default: "", separator: "," } },
  (a) => {
    let x = a.get("x");
    if (x instanceof Placeholder || x === null) x = a.get("default");
    const s = strOf(x);
    if (s === undefined)
      throw sqlTemplateException(
        "First argument of split_to_array has to be a value that can be split to a list of elements, but found a PlaceHolder with no value instead",
        `${DOC}#split_to_array`,
      );
    const sep = a.get("separator");
    const sepText = strOf(sep);
    if (sep !== null && sepText === undefined) throw typeError(`must be str or None, not ${typeName(sep)}`);
    return pySplit(s, sepText, -1).map((p) => pyStrip(p));
  },
);

// ---- date diffs ----------------------------------------------------------------------------------------------------

type Unit = "days" | "hours" | "minutes" | "seconds";
const UNIT_SECONDS: Record<Unit, number> = { days: 86400, hours: 3600, minutes: 60, seconds: 1 };
const DATE_DIFF_FAILED = () => sqlTemplateException("invalid date_format in function date_diff_* function", DOC);

function parseDateTime(value: PyValue, formats: PyValue[]): ParsedDateTime {
  const s = strOf(value);
  if (s === undefined) throw typeError(`strptime() argument 1 must be str, not ${typeName(value)}`);
  for (const f of formats) {
    const fmt = strOf(f);
    if (fmt === undefined) throw typeError(`strptime() argument 2 must be str, not ${typeName(f)}`);
    try {
      return strptime(s, fmt);
    } catch (e) {
      if (e instanceof PyException && e.pyType === "ValueError") continue;
      throw e;
    }
  }
  throw DATE_DIFF_FAILED();
}

function dateDiff(d0: PyValue, d1: PyValue, fmt: PyValue, backup: PyValue, unit: Unit, noneIfError: PyValue): PyValue {
  try {
    const formats = truthy(backup) ? [fmt, backup] : [fmt];
    const a = parseDateTime(d0, formats);
    const b = parseDateTime(d1, formats);
    if ((a.offsetMicros === undefined) !== (b.offsetMicros === undefined))
      throw typeError("can't subtract offset-naive and offset-aware datetimes");
    const delta = b.micros - (b.offsetMicros ?? 0n) - (a.micros - (a.offsetMicros ?? 0n));
    const seconds = Number(delta < 0n ? -delta : delta) / 1e6;
    return BigInt(Math.trunc(seconds / UNIT_SECONDS[unit]));
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
    if (truthy(noneIfError)) return null;
    throw DATE_DIFF_FAILED();
  }
}

const DATE_DIFF_MESSAGES: Record<Unit, string> = {
  days: "invalid date format in function `date_diff_in_days`, it must be ISO format date YYYY-MM-DD, e.g. 2018-09-26",
  hours:
    "invalid date_format in function `date_diff_in_hours`, defaults to YYYY-MM-DD hh:mm:ss. Or %Y-%m-%d %H:%M:%S [.ssssss]Z, e.g. ms: 2022-12-19T18:42:22.591Z s:2022-12-19T18:42:22Z",
  // Tinybird's minutes variant names `date_diff_in_seconds` in its message.
  minutes:
    "invalid date_format in function `date_diff_in_seconds`, defaults to YYYY-MM-DD hh:mm:ss. Or %Y-%m-%d %H:%M:%S [.ssssss]Z, e.g. ms: 2022-12-19T18:42:22.591Z s:2022-12-19T18:42:22Z",
  seconds:
    "invalid date_format in function `date_diff_in_seconds`, defaults to YYYY-MM-DD hh:mm:ss. Or %Y-%m-%d %H:%M:%S [.ssssss]Z, e.g. ms: 2022-12-19T18:42:22.591Z s:2022-12-19T18:42:22Z",
};

function dateDiffFunction(unit: Unit): PyFunction {
  const sig: Signature = {
    qualname: `date_diff_in_${unit}`,
    params: ["d0", "d1", "date_format", "default", "backup_date_format", "none_if_error"],
    defaults: {
      date_format: unit === "days" ? "%Y-%m-%d" : "%Y-%m-%d %H:%M:%S",
      default: null,
      backup_date_format: null,
      none_if_error: false,
    },
  };
  return pyFunction(sig, (a) => {
    if (a.get("d0") instanceof Placeholder || a.get("d1") instanceof Placeholder)
      return truthy(a.get("default")) ? a.get("default") : 0n;
    try {
      return dateDiff(
        a.get("d0"),
        a.get("d1"),
        a.get("date_format"),
        a.get("backup_date_format"),
        unit,
        a.get("none_if_error"),
      );
    } catch (e) {
      if (!(e instanceof PyException)) throw e;
      throw sqlTemplateException(DATE_DIFF_MESSAGES[unit], `${DOC}#date_diff_in_${unit}`);
    }
  });
}

const dateDiffInDays = dateDiffFunction("days");

const dayDiff = pyFunction(
  { qualname: "day_diff", params: ["d0", "d1", "default"], defaults: { default: null } },
  (a) => {
    try {
      return dateDiffInDays.impl({ args: [a.get("d0"), a.get("d1")], kwargs: new Map([["date_format", "%Y-%m-%d"]]) });
    } catch (e) {
      if (!(e instanceof PyException)) throw e;
      throw sqlTemplateException(
        "invalid date format in function `day_diff`, it must be ISO format date YYYY-MM-DD, e.g. 2018-09-26. For other fotmats, try `date_diff_in_days`",
        `${DOC}#date_diff_in_days`,
      );
    }
  },
);

const sqlUnescape = pyFunction({ qualname: "sql_unescape", params: ["x", "what"], defaults: { what: "" } }, (a) => {
  const what = pyStr(a.get("what"));
  return new SqlExpression(
    "'" +
      escapeStringLiteral(requireTranslatable(a.get("x")))
        .split("\\" + what)
        .join(what) +
      "'",
  );
});

const jsonType = pyFunction({ qualname: "json_type", params: ["x", "default"], defaults: { default: null } }, (a) => {
  let x = a.get("x");
  const dflt = a.get("default");
  if (x instanceof Placeholder) x = truthy(dflt) ? dflt : "__no_value__";
  if (x === null) x = strOf(dflt) !== undefined ? dflt : "{}";
  const s = strOf(x);
  if (s === undefined) return x;
  const chars = [...s];
  const value = chars.length > 16 ? chars.slice(0, 16).join("") + "..." : s;
  try {
    return jsonLoads(s);
  } catch (e) {
    if (e instanceof PyException) throw sqlTemplateException(`Error parsing JSON: '${value}' - ${e.message}`);
    throw e;
  }
});

// ---- Array ---------------------------------------------------------------------------------------------------------

const ARRAY_SIG: Signature = {
  qualname: "array_type.<locals>._f",
  params: ["x", "_type", "default", "defined", ...TYPED_KWARGS],
  defaults: {
    _type: null,
    default: null,
    defined: true,
    required: null,
    description: null,
    enum: null,
    example: null,
    format: null,
  },
};

const INT_TYPES = [
  "Int8",
  "Int16",
  "Int32",
  "Int64",
  "Int128",
  "Int256",
  "UInt8",
  "UInt16",
  "UInt32",
  "UInt64",
  "UInt128",
  "UInt256",
];

type Placeholders = Readonly<Record<string, PyValue>>;

const TEST_PLACEHOLDERS: Placeholders = {
  DateTime64: "2019-01-01 00:00:00.000",
  DateTime: "2019-01-01 00:00:00",
  Date: "2019-01-01",
  Float32: 0,
  Float64: 0,
  Int: 0n,
  Integer: 0n,
  ...Object.fromEntries(INT_TYPES.map((t) => [t, 0n])),
  Symbol: "symbol",
  JSON: "{}",
};

/** The element converters Array() uses: plain int/float instead of the rendering Integer/Float. */
function arrayElementTypes(ph: Placeholders): Map<string, PyFunction> {
  const str: Transform = (x) => pyStr(x);
  const types = new Map<string, PyFunction>([
    ["bool", boolean],
    ["Boolean", boolean],
    ["DateTime", transformType("DateTime", str, ph.DateTime ?? null)],
    ["DateTime64", transformType("DateTime64", str, ph.DateTime64 ?? null)],
    ["Date", transformType("Date", str, ph.Date ?? null)],
    ["Float32", transformType("Float32", pyFloat, ph.Float32 ?? null)],
    ["Float64", transformType("Float64", pyFloat, ph.Float64 ?? null)],
    ["Int", transformType("Int32", pyInt, ph.Int ?? null)],
    ["Integer", transformType("Int32", pyInt, ph.Int32 ?? null)],
    ["Symbol", symbol],
    ["Column", symbol],
    ["String", transformType("String", str, "__no_value__")],
  ]);
  for (const t of INT_TYPES) types.set(t, transformType(t, pyInt, ph[t] ?? null));
  return types;
}

const EMPTY_KWARGS = new Map<string, PyValue>();
const convertWith = (f: PyFunction, x: PyValue) => f.impl({ args: [x], kwargs: EMPTY_KWARGS });

/** One Array() item: its converted value and the text Python's expression_wrapper names it by. */
interface ArrayItem {
  value: PyValue;
  text: string;
}

/** array_type's body up to the rendering: resolve default/placeholder, split, validate and convert each item. */
function arrayItems(types: Map<string, PyFunction>, a: Bound): ArrayItem[] | null {
  try {
    let x = a.get("x");
    const typeArg = a.get("_type");
    const type = strOf(typeArg);
    const dflt = a.get("default");
    if (x instanceof Placeholder) {
      if (truthy(dflt)) x = dflt;
      else if (truthy(typeArg) && type !== undefined && types.has(type)) {
        const convert = types.get(type) as PyFunction;
        const placeholder = x;
        x = type === "String" ? "" : [0, 1].map(() => pyStr(convertWith(convert, placeholder))).join(",");
      } else x = "";
    } else if (x === null) {
      x = dflt;
      if (x === null) {
        if (truthy(a.get("defined"))) throw sqlTemplateException(REQUIRED_PARAM_NOT_DEFINED, DOC);
        return null;
      }
    }
    const items = Array.isArray(x) ? x : requireSplittable(x).split(",");
    const tester = type === undefined ? undefined : TESTERS[type];
    const convert = type === undefined ? undefined : types.get(type);
    return items.map((t, i) => {
      const text = pyStr(t);
      if (tester && !tester(text)) {
        const shown = strOf(t) === "" ? "empty string" : text;
        throw sqlTemplateException(`Error validating [${pyStr(x)}][${i}] (${shown}) to type ${type}`, DOC);
      }
      return { value: convert ? convertWith(convert, t) : t, text };
    });
  } catch (e) {
    if (e instanceof PyException && e.is("AttributeError"))
      throw sqlTemplateException("transform type function Array is not well defined", DOC);
    throw e;
  }
}

function arrayType(ph: Placeholders): PyFunction {
  const types = arrayElementTypes(ph);
  return pyFunction(ARRAY_SIG, (a) => {
    const items = arrayItems(types, a);
    if (items === null) return null;
    return new SqlExpression(`[${items.map((it) => pyStr(expressionWrapper(it.value, it.text))).join(",")}]`);
  });
}

const NORMAL_ARRAY_TYPES = arrayElementTypes({});

/**
 * preprocess_variables: `ast.literal_eval(Array(value, type))`, computed without the text round trip.
 * Returns undefined where Tinybird's literal_eval fails (the parameter then stays as given); items this fast path
 * cannot decide are handed to `literalEval` as their rendered text.
 */
export function arrayParameterValue(
  value: PyValue,
  type: string,
  literalEval: (text: string) => PyValue,
): PyValue[] | undefined {
  const items = arrayItems(NORMAL_ARRAY_TYPES, new Bound(ARRAY_SIG, [value, type], [], EMPTY_KWARGS));
  if (items === null) return undefined;
  const out: PyValue[] = [];
  for (const { value: v, text } of items) {
    if (typeof v === "string") {
      // Escapes Python's literal parser does not know (\%, \`, \z) keep their backslash.
      out.push(v.replace(/[%`\x1a]/g, (c) => (c === "\x1a" ? "\\z" : "\\" + c)));
    } else if (typeof v === "bigint") out.push(v);
    else if (typeof v === "number") {
      if (!Number.isFinite(v)) return undefined;
      out.push(v);
    } else out.push(literalEval(pyStr(expressionWrapper(v, text))));
  }
  return out;
}

function typedFunctions(ph: Placeholders): [string, PyValue][] {
  const str: Transform = (x) => pyStr(x);
  const entries: [string, PyValue][] = [
    ["bool", boolean],
    ["Boolean", boolean],
    ["DateTime", transformType("DateTime", str, ph.DateTime ?? null)],
    ["DateTime64", transformType("DateTime64", str, ph.DateTime64 ?? null)],
    ["Date", transformType("Date", str, ph.Date ?? null)],
    ["Float32", transformType("Float32", (x) => new TypedFloat(pyFloat(x), "Float32"), ph.Float32 ?? null)],
    ["Float64", transformType("Float64", (x) => new TypedFloat(pyFloat(x), "Float64"), ph.Float64 ?? null)],
    ["Int", transformType("Int32", pyInt, ph.Int ?? null)],
    ["Integer", transformType("Int32", pyInt, ph.Int32 ?? null)],
    ...INT_TYPES.map((t): [string, PyValue] => [t, transformType(t, (x) => new TypedInt(pyInt(x), t), ph[t] ?? null)]),
    ["Symbol", symbol],
    ["Column", symbol],
    ["String", transformType("String", str, "__no_value__")],
    ["JSON", jsonType],
    ["Array", arrayType(ph)],
  ];
  return entries;
}

const FUNCTION_LIST: [string, PyValue][] = [
  ["columns", columns],
  ["table", table],
  ["TABLE", table],
  ["error", error],
  ["custom_error", customError],
  ["sql_and", sqlAnd],
  ["defined", defined],
  ["column", column],
  ["enumerate_with_last", enumerateWithLast],
  ["split_to_array", splitToArray],
  ["day_diff", dayDiff],
  ["date_diff_in_days", dateDiffInDays],
  ["date_diff_in_hours", dateDiffFunction("hours")],
  ["date_diff_in_minutes", dateDiffFunction("minutes")],
  ["date_diff_in_seconds", dateDiffFunction("seconds")],
  ["sql_unescape", sqlUnescape],
  ["JSON", jsonType],
];

/** sql_template.function_list keys: reserved in variable analysis. */
export const FUNCTION_LIST_NAMES: ReadonlySet<string> = new Set(FUNCTION_LIST.map(([k]) => k));

/** `type_fns` (normal mode) and `type_fns_check` + error dummies (test mode). */
export const TYPE_FUNCTIONS: ReadonlyMap<string, PyValue> = new Map([...typedFunctions({}), ...FUNCTION_LIST]);
export const TYPE_FUNCTIONS_TEST: ReadonlyMap<string, PyValue> = new Map([
  ...typedFunctions(TEST_PLACEHOLDERS),
  ...FUNCTION_LIST,
  ["error", errorDummy],
  ["custom_error", errorDummy],
]);

const opaqueFunction = (name: string) => new PyFunction(name, () => null);

/** sql_template._namespace: the lowest layer of the template globals (its empty dicts are made per render). */
export const NAMESPACE_STATIC: ReadonlyMap<string, PyValue> = new Map<string, PyValue>([
  ["column", column],
  ["symbol", symbol],
  ["error", error],
  ["custom_error", customError],
  ["_tt_utf8", opaqueFunction("utf8")],
  ["_tt_string_types", new PyTuple([])],
  ["xhtml_escape", new PyFunction("<lambda>", (call) => call.args[0] ?? null)],
  ["expression_wrapper", opaqueFunction("expression_wrapper")],
  ["open", null],
  ["close", null],
  ["print", null],
  ["input", null],
]);
export const NAMESPACE_DICT_NAMES: ReadonlySet<string> = new Set([
  "__buildins__",
  "__import__",
  "__debug__",
  "__doc__",
  "__name__",
  "__package__",
]);
export const NAMESPACE_NAMES: ReadonlySet<string> = new Set([...NAMESPACE_STATIC.keys(), ...NAMESPACE_DICT_NAMES]);

/** render_template_with_secrets' tb_secret: the raw secret value, `""` for an empty one. */
export function secretLookupFunction(secrets: ReadonlyMap<string, string>): PyFunction {
  const emptyAsQuotes = (v: PyValue) => (strOf(v) === "" ? '""' : v);
  return pyFunction(
    {
      qualname: "render_template_with_secrets.<locals>.tb_secret",
      params: ["secret_name", "default"],
      defaults: { default: null },
    },
    (a) => {
      const name = a.get("secret_name");
      const key = strOf(name);
      if (key !== undefined && secrets.has(key)) return emptyAsQuotes(secrets.get(key) ?? "");
      if (a.get("default") !== null) return emptyAsQuotes(a.get("default"));
      throw SECRET_ERROR(name);
    },
  );
}

/** Names generate() binds per render; looked up first. */
export const RENDER_SCOPED_NAMES: ReadonlySet<string> = new Set([
  "__name__",
  "__loader__",
  "max_threads",
  "tb_secret",
  "tb_var",
  "backend_hint",
  "cache_ttl",
  "activate",
  "disable",
]);

/** What the render-scoped functions (max_threads, cache_ttl, tb_secret …) record for the caller. */
export interface RenderSideEffects {
  settings: Map<string, PyValue>;
  queryParams: Map<string, string>;
}

const SECRET_ERROR = (x: PyValue) =>
  sqlTemplateException(
    `Cannot access secret '${pyStr(x)}'. Check the secret exists in the Workspace and the token has the required scope.`,
  );

/** The functions `generate()` defines per render, bound to this render's side effects. */
export function renderScopedFunctions(
  effects: RenderSideEffects,
  secrets: ReadonlyMap<string, string>,
  secretTestMode: boolean,
): Map<string, PyValue> {
  const tbSecret = pyFunction(
    { qualname: "generate.<locals>.set_tb_secret", params: ["x", "default"], defaults: { default: null } },
    (a) => {
      const x = a.get("x");
      try {
        const name = pyStr(x);
        if (secrets.has(name)) {
          const symbolText = "{" + escapeIdentifier(requireTranslatable(x)) + ": String}";
          effects.queryParams.set(name, secrets.get(name) ?? "");
          return new SqlSymbol(symbolText);
        }
        if (a.get("default") !== null) return a.get("default");
        if (secretTestMode) return new SqlSymbol("{" + escapeIdentifier(requireTranslatable(x)) + ": String}");
        throw SECRET_ERROR(x);
      } catch (e) {
        if (e instanceof PyException) throw SECRET_ERROR(x);
        throw e;
      }
    },
  );
  const valid = (allowed: readonly string[], v: PyValue) => allowed.some((s) => s === strOf(v));
  return new Map<string, PyValue>([
    ["__name__", "<string>"],
    ["__loader__", new PyDict()],
    [
      "max_threads",
      pyFunction({ qualname: "generate.<locals>.set_max_threads", params: ["x"] }, (a) => {
        const x = a.get("x");
        try {
          effects.settings.set("max_threads", pyInt(x));
          return new SqlExpression(`-- max_threads ${pyStr(x)}\n`);
        } catch (e) {
          if (e instanceof PyException) return new SqlExpression(`-- max_threads: wrong argument ${pyStr(x)}\n`);
          throw e;
        }
      }),
    ],
    ["tb_secret", tbSecret],
    ["tb_var", tbSecret],
    [
      "backend_hint",
      pyFunction({ qualname: "generate.<locals>.set_backend_hint", params: ["hint"] }, (a) => {
        const hint = a.get("hint");
        effects.settings.set("backend_hint", hint === null || hint === false ? null : pyStr(hint));
        return new SqlExpression(`-- backend_hint ${pyStr(hint)}\n`);
      }),
    ],
    [
      "cache_ttl",
      pyFunction({ qualname: "generate.<locals>.set_cache_ttl", params: ["ttl_expression"] }, (a) => {
        const ttl = a.get("ttl_expression");
        if (!valid(["5s", "1m", "5m", "30m", "1h"], ttl))
          throw sqlTemplateException(
            "Invalid TTL cache expression, valid expressions are ('5s', '1m', '5m', '30m', '1h')",
          );
        effects.settings.set("cache_ttl", ttl);
        return new SqlExpression(`-- cache_ttl ${pyStr(ttl)}\n`);
      }),
    ],
    [
      "activate",
      pyFunction({ qualname: "generate.<locals>.set_activate", params: ["feature"] }, (a) => {
        const feature = a.get("feature");
        if (!valid(["analyzer", "parallel_replicas"], feature))
          throw sqlTemplateException(`'${pyStr(feature)}' is not a valid 'activate' argument`);
        effects.settings.set("activate", feature);
        return new SqlExpression(`-- activate ${pyStr(feature)}\n`);
      }),
    ],
    [
      "disable",
      pyFunction({ qualname: "generate.<locals>.set_disable_feature", params: ["feature"] }, (a) => {
        const feature = a.get("feature");
        // Tinybird tests `feature not in "analyzer"`: a substring check.
        if (!pyContains("analyzer", feature))
          throw sqlTemplateException(`'${pyStr(feature)}' is not a valid 'disable' argument`);
        effects.settings.set("disable", feature);
        return new SqlExpression(`-- disable ${pyStr(feature)}\n`);
      }),
    ],
  ]);
}
