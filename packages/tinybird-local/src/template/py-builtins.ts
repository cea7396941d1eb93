/**
 * Python's builtins module as seen by templates. Every name resolves (params named like a builtin render the builtin
 * when absent, e.g. `<class 'filter'>`); the ones templates realistically call are implemented.
 */
import { bindArgs, callValue, type Bound, type Signature } from "./py-call";
import { PyException, isExceptionClassName, isSubclassOf, typeError, unsupported, valueError } from "./py-exception";
import { pyRepr, pyStr, strRepr } from "./py-format";
import { getAttribute, hasAttribute, sortValues } from "./py-methods";
import { pyBinary, pyCompare, pyIter, pyLen, pyList, truthy } from "./py-ops";
import {
  Placeholder,
  PyClass,
  PyDict,
  PyExceptionObject,
  PyFunction,
  PyOpaque,
  PyRange,
  PySet,
  PyTuple,
  SqlExpression,
  TypedFloat,
  TypedInt,
  intOf,
  numOf,
  strOf,
  typeName,
  type CallArgs,
  type PyValue,
} from "./py-values";
import { parsePyFloat } from "./type-testers";

/** Python int(x) for the value kinds templates pass around. */
export function pyInt(v: PyValue): bigint {
  const i = intOf(v);
  if (i !== undefined) return i;
  const f = typeof v === "number" ? v : v instanceof TypedFloat ? v.value : undefined;
  if (f !== undefined) {
    if (Number.isNaN(f)) throw valueError("cannot convert float NaN to integer");
    if (!Number.isFinite(f)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
    return BigInt(Math.trunc(f));
  }
  const s = strOf(v);
  if (s !== undefined) {
    const t = s.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu, "");
    if (/^[+-]?[0-9](?:_?[0-9])*$/.test(t)) return BigInt(t.replace(/_/g, "").replace(/^\+/, ""));
    throw valueError(`invalid literal for int() with base 10: ${strRepr(s)}`);
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

/** Python float(x). */
export function pyFloat(v: PyValue): number {
  const n = numOf(v);
  if (n !== undefined) return Number(n);
  const s = strOf(v);
  if (s !== undefined) {
    const f = parsePyFloat(s);
    if (f === undefined) throw valueError(`could not convert string to float: ${strRepr(s)}`);
    return f;
  }
  throw typeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

function fn(sig: Signature, impl: (a: Bound, rest: PyValue[], call: CallArgs) => PyValue): PyFunction {
  return new PyFunction(
    sig.qualname,
    (call) => {
      const b = bindArgs(sig, call);
      return impl(b, b.rest, call);
    },
    "builtin_function_or_method",
  );
}

function cls(name: string, sig: Signature, impl: (a: Bound, rest: PyValue[], call: CallArgs) => PyValue): PyClass {
  return new PyClass(name, (call) => {
    const b = bindArgs(sig, call);
    return impl(b, b.rest, call);
  });
}

const TINYBIRD_CLASS: Record<string, string> = {
  Placeholder: "tinybird.sql_template.Placeholder",
  Expression: "tinybird.sql_template.Expression",
  Integer: "tinybird.sql_template.Integer",
  Float: "tinybird.sql_template.Float",
  Symbol: "tinybird.sql_template.Symbol",
  Comment: "tinybird.sql_template.Comment",
};

function classChain(v: PyValue): string[] {
  const own = TINYBIRD_CLASS[typeName(v)] ?? typeName(v);
  if (typeof v === "boolean") return ["bool", "int"];
  if (v instanceof TypedInt) return [own, "int"];
  if (v instanceof TypedFloat) return [own, "float"];
  if (v instanceof SqlExpression) return [own, "str"];
  return [own];
}

function isInstance(v: PyValue, info: PyValue): boolean {
  if (info instanceof PyTuple) return info.items.some((i) => isInstance(v, i));
  if (!(info instanceof PyClass)) throw typeError("isinstance() arg 2 must be a type, a tuple of types, or a union");
  if (info.name === "object") return true;
  if (v instanceof PyExceptionObject) return isSubclassOf(v.pyType, info.name);
  return classChain(v).includes(info.name);
}

function minMax(name: "min" | "max", call: CallArgs): PyValue {
  const b = bindArgs({ qualname: name, params: [], varargs: true, varkw: true }, call);
  for (const k of b.extra.keys())
    if (k !== "key" && k !== "default") throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
  if (b.rest.length === 0) throw typeError(`${name} expected at least 1 argument, got 0`);
  const items = b.rest.length === 1 ? pyList(b.rest[0] ?? null) : b.rest;
  const key = b.extra.get("key") ?? null;
  if (items.length === 0) {
    if (b.extra.has("default")) return b.extra.get("default") ?? null;
    throw valueError(`${name}() arg is an empty sequence`);
  }
  const keyOf = (x: PyValue) => (key === null ? x : callValue(key, { args: [x], kwargs: new Map() }));
  let best = items[0] ?? null;
  let bestKey = keyOf(best);
  for (const item of items.slice(1)) {
    const k = keyOf(item);
    if (pyCompare(name === "max" ? ">" : "<", k, bestKey)) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** round(x, n): correctly rounded like CPython, ties to even on the exact binary value (toFixed rounds ties up). */
function roundDecimal(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const exact = Math.abs(x).toFixed(digits + 20);
  const cut = exact.indexOf(".") + 1 + digits;
  const tie = /^50*$/.test(exact.slice(cut));
  if (!tie) return Number(x.toFixed(digits));
  const down = exact.slice(0, cut).replace(/\.$/, "");
  const last = Number(down[down.length - 1] === "." ? down[down.length - 2] : down[down.length - 1]);
  const magnitude = last % 2 === 0 ? Number(down) : Number(Math.abs(x).toFixed(digits));
  return x < 0 ? -magnitude : magnitude;
}

function radix(prefix: string, base: number) {
  return fn({ qualname: prefix === "0x" ? "hex" : prefix === "0o" ? "oct" : "bin", params: ["number"] }, (a) => {
    const i = intOf(a.get("number"));
    if (i === undefined) throw typeError(`'${typeName(a.get("number"))}' object cannot be interpreted as an integer`);
    return (i < 0n ? "-" : "") + prefix + (i < 0n ? -i : i).toString(base);
  });
}

const IMPLEMENTED: Record<string, PyValue> = {
  bool: cls("bool", { qualname: "bool", params: ["x"], defaults: { x: false } }, (a) => truthy(a.get("x"))),
  int: cls("int", { qualname: "int", params: ["x", "base"], defaults: { x: 0n, base: null } }, (a) => {
    const base = a.get("base");
    if (base === null) return pyInt(a.get("x"));
    const s = strOf(a.get("x"));
    const b = Number(intOf(base) ?? 10n);
    if (s === undefined) throw typeError("int() can't convert non-string with explicit base");
    const t = s.trim().toLowerCase().replace(/_/g, "");
    const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, b);
    const m = /^([+-]?)(?:0[box])?(.+)$/.exec(t);
    if (!m || ![...(m[2] ?? "")].every((c) => digits.includes(c)))
      throw valueError(`invalid literal for int() with base ${b}: ${strRepr(s)}`);
    const n = [...(m[2] ?? "")].reduce((acc, c) => acc * BigInt(b) + BigInt(digits.indexOf(c)), 0n);
    return m[1] === "-" ? -n : n;
  }),
  float: cls("float", { qualname: "float", params: ["x"], defaults: { x: 0 } }, (a) => pyFloat(a.get("x"))),
  str: cls("str", { qualname: "str", params: ["object"], defaults: { object: "" } }, (a) => pyStr(a.get("object"))),
  list: cls("list", { qualname: "list", params: ["iterable"], defaults: { iterable: new PyTuple([]) } }, (a) =>
    pyList(a.get("iterable")),
  ),
  tuple: cls(
    "tuple",
    { qualname: "tuple", params: ["iterable"], defaults: { iterable: new PyTuple([]) } },
    (a) => new PyTuple(pyList(a.get("iterable"))),
  ),
  set: cls("set", { qualname: "set", params: ["iterable"], defaults: { iterable: new PyTuple([]) } }, (a) =>
    PySet.from(pyIter(a.get("iterable"))),
  ),
  frozenset: cls(
    "frozenset",
    { qualname: "frozenset", params: ["iterable"], defaults: { iterable: new PyTuple([]) } },
    (a) => PySet.from(pyIter(a.get("iterable"))),
  ),
  dict: cls("dict", { qualname: "dict", params: [], varargs: true, varkw: true }, (_a, rest, call) => {
    const d = new PyDict();
    const src = rest[0];
    if (src instanceof PyDict) for (const [k, v] of src.items()) d.set(k, v);
    else if (src !== undefined)
      for (const pair of pyIter(src)) {
        const kv = pyList(pair);
        if (kv.length !== 2)
          throw valueError(`dictionary update sequence element #0 has length ${kv.length}; 2 is required`);
        d.set(kv[0] ?? null, kv[1] ?? null);
      }
    for (const [k, v] of call.kwargs) d.set(k, v);
    return d;
  }),
  range: cls(
    "range",
    { qualname: "range", params: ["start", "stop", "step"], defaults: { stop: null, step: null } },
    (args) => {
      const ints = ["start", "stop", "step"]
        .map((k) => args.get(k))
        .filter((v) => v !== null)
        .map((v) => {
          const i = intOf(v);
          if (i === undefined) throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
          return i;
        });
      const [a = 0n, b, c = 1n] = ints;
      if (c === 0n) throw valueError("range() arg 3 must not be zero");
      return b === undefined ? new PyRange(0n, a, 1n) : new PyRange(a, b, c);
    },
  ),
  enumerate: cls(
    "enumerate",
    { qualname: "enumerate", params: ["iterable", "start"], defaults: { start: 0n } },
    (a) => {
      const start = intOf(a.get("start")) ?? 0n;
      return pyList(a.get("iterable")).map((v, i) => new PyTuple([start + BigInt(i), v]));
    },
  ),
  zip: cls("zip", { qualname: "zip", params: [], varargs: true }, (_a, rest) => {
    const lists = rest.map(pyList);
    const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
    return Array.from({ length: n }, (_x, i) => new PyTuple(lists.map((l) => l[i] ?? null)));
  }),
  reversed: cls("reversed", { qualname: "reversed", params: ["sequence"] }, (a) => pyList(a.get("sequence")).reverse()),
  map: cls("map", { qualname: "map", params: ["func"], varargs: true }, (a, rest) => {
    const lists = rest.map(pyList);
    const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
    return Array.from({ length: n }, (_x, i) =>
      callValue(a.get("func"), { args: lists.map((l) => l[i] ?? null), kwargs: new Map() }),
    );
  }),
  filter: cls("filter", { qualname: "filter", params: ["function", "iterable"] }, (a) =>
    pyList(a.get("iterable")).filter((v) =>
      truthy(a.get("function") === null ? v : callValue(a.get("function"), { args: [v], kwargs: new Map() })),
    ),
  ),
  type: cls(
    "type",
    { qualname: "type", params: ["object"] },
    (a) => new PyClass(TINYBIRD_CLASS[typeName(a.get("object"))] ?? typeName(a.get("object"))),
  ),
  len: fn({ qualname: "len", params: ["obj"] }, (a) => BigInt(pyLen(a.get("obj")))),
  repr: fn({ qualname: "repr", params: ["obj"] }, (a) => pyRepr(a.get("obj"))),
  ascii: fn({ qualname: "ascii", params: ["obj"] }, (a) =>
    pyRepr(a.get("obj")).replace(/[^\x00-\x7f]/gu, (c) => {
      const cp = c.codePointAt(0) ?? 0;
      return cp < 0x100
        ? "\\x" + cp.toString(16).padStart(2, "0")
        : cp < 0x10000
          ? "\\u" + cp.toString(16).padStart(4, "0")
          : "\\U" + cp.toString(16).padStart(8, "0");
    }),
  ),
  abs: fn({ qualname: "abs", params: ["x"] }, (a) => {
    const v = a.get("x");
    const i = intOf(v);
    if (i !== undefined) return i < 0n ? -i : i;
    const n = numOf(v);
    if (n === undefined) throw typeError(`bad operand type for abs(): '${typeName(v)}'`);
    return Math.abs(Number(n));
  }),
  all: fn({ qualname: "all", params: ["iterable"] }, (a) => {
    for (const v of pyIter(a.get("iterable"))) if (!truthy(v)) return false;
    return true;
  }),
  any: fn({ qualname: "any", params: ["iterable"] }, (a) => {
    for (const v of pyIter(a.get("iterable"))) if (truthy(v)) return true;
    return false;
  }),
  min: new PyFunction("min", (call) => minMax("min", call), "builtin_function_or_method"),
  max: new PyFunction("max", (call) => minMax("max", call), "builtin_function_or_method"),
  sum: fn({ qualname: "sum", params: ["iterable", "start"], defaults: { start: 0n } }, (a) => {
    if (strOf(a.get("start")) !== undefined) throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
    let acc = a.get("start");
    for (const v of pyIter(a.get("iterable"))) acc = pyBinary("+", acc, v);
    return acc;
  }),
  sorted: fn({ qualname: "sorted", params: ["iterable"], varkw: true }, (a, _rest, call) =>
    sortValues(pyList(a.get("iterable")), call.kwargs.get("key") ?? null, truthy(call.kwargs.get("reverse") ?? false)),
  ),
  round: fn({ qualname: "round", params: ["number", "ndigits"], defaults: { ndigits: null } }, (a) => {
    const v = a.get("number");
    const nd = a.get("ndigits");
    const i = intOf(v);
    if (i !== undefined) {
      if (nd === null || (intOf(nd) ?? 0n) >= 0n) return i;
      const p = 10n ** -(intOf(nd) ?? 0n);
      const q = i / p;
      const r = i % p;
      const twice = 2n * (r < 0n ? -r : r);
      const up = twice > p || (twice === p && q % 2n !== 0n);
      return (up ? q + (i < 0n ? -1n : 1n) : q) * p;
    }
    const n = numOf(v);
    if (n === undefined) throw typeError(`type ${typeName(v)} doesn't define __round__ method`);
    const x = Number(n);
    if (nd === null) {
      if (Number.isNaN(x)) throw valueError("cannot convert float NaN to integer");
      if (!Number.isFinite(x)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
      return BigInt(roundHalfEven(x));
    }
    const digits = Number(intOf(nd) ?? 0n);
    return digits >= 0 ? roundDecimal(x, Math.min(digits, 80)) : roundHalfEven(x / 10 ** -digits) * 10 ** -digits;
  }),
  isinstance: fn({ qualname: "isinstance", params: ["obj", "class_or_tuple"] }, (a) =>
    isInstance(a.get("obj"), a.get("class_or_tuple")),
  ),
  callable: fn({ qualname: "callable", params: ["obj"] }, (a) => {
    const v = a.get("obj");
    return v instanceof PyFunction || v instanceof PyClass || v instanceof Placeholder;
  }),
  chr: fn({ qualname: "chr", params: ["i"] }, (a) => {
    const i = intOf(a.get("i"));
    if (i === undefined) throw typeError(`'${typeName(a.get("i"))}' object cannot be interpreted as an integer`);
    if (i < 0n || i > 0x10ffffn) throw valueError("chr() arg not in range(0x110000)");
    return String.fromCodePoint(Number(i));
  }),
  ord: fn({ qualname: "ord", params: ["c"] }, (a) => {
    const s = strOf(a.get("c"));
    if (s === undefined) throw typeError(`ord() expected string of length 1, but ${typeName(a.get("c"))} found`);
    const chars = [...s];
    if (chars.length !== 1) throw typeError(`ord() expected a character, but string of length ${chars.length} found`);
    return BigInt(chars[0]?.codePointAt(0) ?? 0);
  }),
  hex: radix("0x", 16),
  oct: radix("0o", 8),
  bin: radix("0b", 2),
  divmod: fn(
    { qualname: "divmod", params: ["x", "y"] },
    (a) => new PyTuple([pyBinary("//", a.get("x"), a.get("y")), pyBinary("%", a.get("x"), a.get("y"))]),
  ),
  pow: fn({ qualname: "pow", params: ["base", "exp", "mod"], defaults: { mod: null } }, (a) => {
    if (a.get("mod") !== null) throw unsupported("pow() with a modulus");
    return pyBinary("**", a.get("base"), a.get("exp"));
  }),
  getattr: fn({ qualname: "getattr", params: [], varargs: true }, (_a, rest) => {
    const [obj = null, name = null] = rest;
    const n = strOf(name);
    if (n === undefined) throw typeError("attribute name must be string");
    if (rest.length > 2 && !hasAttribute(obj, n)) return rest[2] ?? null;
    return getAttribute(obj, n);
  }),
  hasattr: fn({ qualname: "hasattr", params: ["obj", "name"] }, (a) => {
    const n = strOf(a.get("name"));
    if (n === undefined) throw typeError("attribute name must be string");
    return hasAttribute(a.get("obj"), n);
  }),
};

const FUNCTION_NAMES =
  "__build_class__ __import__ aiter anext breakpoint compile delattr dir eval exec format globals hash id input iter locals next open print setattr vars";
const CLASS_NAMES = "memoryview bytearray bytes classmethod complex property object slice staticmethod super";
const EXCEPTION_NAMES =
  "BaseException BaseExceptionGroup Exception GeneratorExit KeyboardInterrupt SystemExit ArithmeticError AssertionError AttributeError BufferError EOFError ImportError LookupError MemoryError NameError OSError ReferenceError RuntimeError StopAsyncIteration StopIteration SyntaxError SystemError TypeError ValueError Warning FloatingPointError OverflowError ZeroDivisionError BytesWarning DeprecationWarning EncodingWarning FutureWarning ImportWarning PendingDeprecationWarning ResourceWarning RuntimeWarning SyntaxWarning UnicodeWarning UserWarning BlockingIOError ChildProcessError ConnectionError FileExistsError FileNotFoundError InterruptedError IsADirectoryError NotADirectoryError PermissionError ProcessLookupError TimeoutError IndentationError IndexError KeyError ModuleNotFoundError NotImplementedError RecursionError UnboundLocalError UnicodeError BrokenPipeError ConnectionAbortedError ConnectionRefusedError ConnectionResetError TabError UnicodeDecodeError UnicodeEncodeError UnicodeTranslateError ExceptionGroup";

function notImplemented(name: string): PyFunction {
  return new PyFunction(
    name,
    () => {
      throw unsupported(`The builtin ${name}()`);
    },
    "builtin_function_or_method",
  );
}

function buildBuiltins(): Map<string, PyValue> {
  const m = new Map<string, PyValue>(Object.entries(IMPLEMENTED));
  for (const name of FUNCTION_NAMES.split(" ")) m.set(name, notImplemented(name));
  for (const name of CLASS_NAMES.split(" ")) m.set(name, new PyClass(name));
  for (const name of EXCEPTION_NAMES.split(" ")) if (isExceptionClassName(name)) m.set(name, new PyClass(name));
  m.set("EnvironmentError", new PyClass("OSError"));
  m.set("IOError", new PyClass("OSError"));
  m.set("__loader__", new PyClass("_frozen_importlib.BuiltinImporter"));
  m.set("__name__", "builtins");
  m.set("__doc__", "Built-in functions, types, exceptions, and other objects.");
  m.set("__package__", "");
  m.set(
    "__spec__",
    new PyOpaque(
      "ModuleSpec",
      "ModuleSpec(name='builtins', loader=<class '_frozen_importlib.BuiltinImporter'>, origin='built-in')",
    ),
  );
  m.set("__debug__", true);
  m.set("Ellipsis", new PyOpaque("ellipsis", "Ellipsis"));
  m.set("NotImplemented", new PyOpaque("NotImplementedType", "NotImplemented"));
  m.set("quit", new PyOpaque("Quitter", "Use quit() or Ctrl-D (i.e. EOF) to exit"));
  m.set("exit", new PyOpaque("Quitter", "Use exit() or Ctrl-D (i.e. EOF) to exit"));
  m.set(
    "copyright",
    new PyOpaque("_Printer", "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved."),
  );
  m.set(
    "credits",
    new PyOpaque(
      "_Printer",
      "    Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of thousands\n    for supporting Python development.  See www.python.org for more information.",
    ),
  );
  m.set("license", new PyOpaque("_Printer", "Type license() to see the full license text"));
  m.set("help", new PyOpaque("_Helper", "Type help() for interactive help, or help(object) for help about object."));
  return m;
}

export const BUILTINS: ReadonlyMap<string, PyValue> = buildBuiltins();

/** Names of the builtins module, which Tinybird excludes from a template's parameter names. */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set([...BUILTINS.keys(), "True", "False", "None"]);
