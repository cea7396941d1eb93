/** Attribute access: the str, list, dict, set and tuple methods templates use, plus Tinybird objects' fields. */
import { bindArgs, callValue, type Bound, type Signature } from "./py-call";
import { PyException, attributeError, indexError, typeError, valueError } from "./py-exception";
import { pyRepr } from "./py-format";
import { pyCompare, pyEq, pyIter, pyList, truthy } from "./py-ops";
import {
  Placeholder,
  PyDict,
  PyExceptionObject,
  PyFunction,
  PySet,
  PyTuple,
  SqlComment,
  SqlSymbol,
  TypedFloat,
  TypedInt,
  intOf,
  strOf,
  typeName,
  type CallArgs,
  type PyValue,
} from "./py-values";
import { PY_WHITESPACE, pyStrip } from "./tornado-parser";

type Method = (self: PyValue, call: CallArgs) => PyValue;

function method(sig: Omit<Signature, "qualname">, impl: (self: PyValue, a: Bound, rest: PyValue[]) => PyValue) {
  return (qualname: string): Method => {
    const full: Signature = { ...sig, qualname };
    return (self, call) => {
      const b = bindArgs(full, call);
      return impl(self, b, b.rest);
    };
  };
}

const str = (v: PyValue): string => strOf(v) ?? "";

/** `message` completes Python's TypeError text with the offending type name. */
function requireStr(v: PyValue, message: (type: string) => string): string {
  const s = strOf(v);
  if (s === undefined) throw typeError(message(typeName(v)));
  return s;
}

const mustBeStr = (t: string) => `must be str, not ${t}`;
const mustBeStrOrNone = (t: string) => `must be str or None, not ${t}`;

function optionalStr(v: PyValue): string | undefined {
  return v === null ? undefined : requireStr(v, mustBeStrOrNone);
}

function index(v: PyValue, dflt: number): number {
  if (v === null) return dflt;
  const i = intOf(v);
  if (i === undefined) throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  return Number(i);
}

const isWs = (c: string) => PY_WHITESPACE.includes(c);

/** str.split / str.rsplit with Python's whitespace and maxsplit rules. */
export function pySplit(s: string, sep: string | undefined, maxsplit: number, fromRight = false): string[] {
  if (sep === "") throw valueError("empty separator");
  if (sep === undefined) {
    const words: string[] = [];
    const chars = [...s];
    let i = fromRight ? chars.length - 1 : 0;
    const step = fromRight ? -1 : 1;
    const inside = (k: number) => k >= 0 && k < chars.length;
    for (;;) {
      while (inside(i) && isWs(chars[i] ?? "")) i += step;
      if (!inside(i)) break;
      if (maxsplit >= 0 && words.length === maxsplit) {
        const restChars = fromRight ? chars.slice(0, i + 1) : chars.slice(i);
        words.push(restChars.join(""));
        break;
      }
      let j = i;
      while (inside(j) && !isWs(chars[j] ?? "")) j += step;
      words.push((fromRight ? chars.slice(j + 1, i + 1) : chars.slice(i, j)).join(""));
      i = j;
    }
    return fromRight ? words.reverse() : words;
  }
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length - 1 <= maxsplit) return parts;
  if (fromRight) return [parts.slice(0, parts.length - maxsplit).join(sep), ...parts.slice(parts.length - maxsplit)];
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

function affix(self: PyValue, a: Bound, test: (s: string, a: string) => boolean, name: string): boolean {
  const s = [...str(self)];
  const start = index(a.get("start"), 0);
  const end = a.get("end") === null ? s.length : index(a.get("end"), s.length);
  const norm = (k: number) => Math.max(0, Math.min(s.length, k < 0 ? k + s.length : k));
  const sub = s.slice(norm(start), norm(end)).join("");
  const prefix = a.get("prefix");
  if (prefix instanceof PyTuple)
    return prefix.items.some((p) =>
      test(
        sub,
        requireStr(p, (t) => `tuple for ${name} must only contain str, not ${t}`),
      ),
    );
  const p = strOf(prefix);
  if (p === undefined) throw typeError(`${name} first arg must be str or a tuple of str, not ${typeName(prefix)}`);
  return test(sub, p);
}

function find(self: PyValue, a: Bound, fromRight: boolean): number {
  const s = str(self);
  const sub = requireStr(a.get("sub"), mustBeStr);
  return fromRight ? s.lastIndexOf(sub) : s.indexOf(sub);
}

const STR_METHODS: Record<string, Method> = {
  split: method({ params: ["sep", "maxsplit"], defaults: { sep: null, maxsplit: -1n } }, (self, a) =>
    pySplit(str(self), optionalStr(a.get("sep")), index(a.get("maxsplit"), -1)),
  )("split"),
  rsplit: method({ params: ["sep", "maxsplit"], defaults: { sep: null, maxsplit: -1n } }, (self, a) =>
    pySplit(str(self), optionalStr(a.get("sep")), index(a.get("maxsplit"), -1), true),
  )("rsplit"),
  join: method({ params: ["iterable"] }, (self, a) =>
    pyList(a.get("iterable"))
      .map((item, i) => {
        const s = strOf(item);
        if (s === undefined) throw typeError(`sequence item ${i}: expected str instance, ${typeName(item)} found`);
        return s;
      })
      .join(str(self)),
  )("join"),
  replace: method({ params: ["old", "new", "count"], defaults: { count: -1n } }, (self, a) => {
    const old = requireStr(a.get("old"), (t) => `replace() argument 1 must be str, not ${t}`);
    const rep = requireStr(a.get("new"), (t) => `replace() argument 2 must be str, not ${t}`);
    let count = index(a.get("count"), -1);
    if (count < 0) return str(self).split(old).join(rep);
    const parts = str(self).split(old);
    let out = parts[0] ?? "";
    for (let i = 1; i < parts.length; i++) out += (count-- > 0 ? rep : old) + (parts[i] ?? "");
    return out;
  })("replace"),
  lower: method({ params: [] }, (self) => str(self).toLowerCase())("lower"),
  upper: method({ params: [] }, (self) => str(self).toUpperCase())("upper"),
  casefold: method({ params: [] }, (self) => str(self).toLowerCase())("casefold"),
  strip: method({ params: ["chars"], defaults: { chars: null } }, (self, a) =>
    pyStrip(str(self), optionalStr(a.get("chars")) ?? PY_WHITESPACE),
  )("strip"),
  lstrip: method({ params: ["chars"], defaults: { chars: null } }, (self, a) => {
    const chars = optionalStr(a.get("chars")) ?? PY_WHITESPACE;
    const s = str(self);
    let i = 0;
    while (i < s.length && chars.includes(s[i] ?? "")) i++;
    return s.slice(i);
  })("lstrip"),
  rstrip: method({ params: ["chars"], defaults: { chars: null } }, (self, a) => {
    const chars = optionalStr(a.get("chars")) ?? PY_WHITESPACE;
    const s = str(self);
    let i = s.length;
    while (i > 0 && chars.includes(s[i - 1] ?? "")) i--;
    return s.slice(0, i);
  })("rstrip"),
  startswith: method({ params: ["prefix", "start", "end"], defaults: { start: null, end: null } }, (self, a) =>
    affix(self, a, (s, p) => s.startsWith(p), "startswith"),
  )("startswith"),
  endswith: method({ params: ["prefix", "start", "end"], defaults: { start: null, end: null } }, (self, a) =>
    affix(self, a, (s, p) => s.endsWith(p), "endswith"),
  )("endswith"),
  find: method({ params: ["sub"] }, (self, a) => BigInt(find(self, a, false)))("find"),
  rfind: method({ params: ["sub"] }, (self, a) => BigInt(find(self, a, true)))("rfind"),
  index: method({ params: ["sub"] }, (self, a) => {
    const i = find(self, a, false);
    if (i < 0) throw valueError("substring not found");
    return BigInt(i);
  })("index"),
  count: method({ params: ["sub"] }, (self, a) => {
    const sub = requireStr(a.get("sub"), mustBeStr);
    return BigInt(sub === "" ? [...str(self)].length + 1 : str(self).split(sub).length - 1);
  })("count"),
  capitalize: method({ params: [] }, (self) => {
    const s = str(self);
    return s.slice(0, 1).toUpperCase() + s.slice(1).toLowerCase();
  })("capitalize"),
  title: method({ params: [] }, (self) =>
    str(self)
      .toLowerCase()
      .replace(/(^|[^\p{L}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
  )("title"),
  swapcase: method({ params: [] }, (self) =>
    [...str(self)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(""),
  )("swapcase"),
  isdigit: method({ params: [] }, (self) => /^\p{Nd}+$/u.test(str(self)))("isdigit"),
  isdecimal: method({ params: [] }, (self) => /^\p{Nd}+$/u.test(str(self)))("isdecimal"),
  isnumeric: method({ params: [] }, (self) => /^\p{N}+$/u.test(str(self)))("isnumeric"),
  isalpha: method({ params: [] }, (self) => /^\p{L}+$/u.test(str(self)))("isalpha"),
  isalnum: method({ params: [] }, (self) => /^[\p{L}\p{N}]+$/u.test(str(self)))("isalnum"),
  isspace: method({ params: [] }, (self) => str(self).length > 0 && [...str(self)].every(isWs))("isspace"),
  islower: method({ params: [] }, (self) => /\p{Ll}/u.test(str(self)) && !/\p{Lu}/u.test(str(self)))("islower"),
  isupper: method({ params: [] }, (self) => /\p{Lu}/u.test(str(self)) && !/\p{Ll}/u.test(str(self)))("isupper"),
  zfill: method({ params: ["width"] }, (self, a) => {
    const s = str(self);
    const w = index(a.get("width"), 0);
    const sign = s[0] === "+" || s[0] === "-" ? s[0] : "";
    return sign + s.slice(sign.length).padStart(w - sign.length, "0");
  })("zfill"),
  ljust: method({ params: ["width", "fillchar"], defaults: { fillchar: " " } }, (self, a) =>
    str(self).padEnd(index(a.get("width"), 0), str(a.get("fillchar"))),
  )("ljust"),
  rjust: method({ params: ["width", "fillchar"], defaults: { fillchar: " " } }, (self, a) =>
    str(self).padStart(index(a.get("width"), 0), str(a.get("fillchar"))),
  )("rjust"),
  removeprefix: method({ params: ["prefix"] }, (self, a) => {
    const p = requireStr(a.get("prefix"), (t) => `removeprefix() argument must be str, not ${t}`);
    return str(self).startsWith(p) ? str(self).slice(p.length) : str(self);
  })("removeprefix"),
  removesuffix: method({ params: ["suffix"] }, (self, a) => {
    const p = requireStr(a.get("suffix"), (t) => `removesuffix() argument must be str, not ${t}`);
    return p && str(self).endsWith(p) ? str(self).slice(0, -p.length) : str(self);
  })("removesuffix"),
  splitlines: method({ params: [] }, (self) =>
    str(self)
      .split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/)
      .filter((_x, i, a) => i < a.length - 1 || a[i] !== ""),
  )("splitlines"),
  partition: method({ params: ["sep"] }, (self, a) => {
    const s = str(self);
    const sep = requireStr(a.get("sep"), mustBeStr);
    const i = s.indexOf(sep);
    return new PyTuple(i < 0 ? [s, "", ""] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  })("partition"),
};

function listIndex(list: PyValue[], i: number, what: string): number {
  const k = i < 0 ? i + list.length : i;
  if (k < 0 || k >= list.length) throw indexError(what);
  return k;
}

/** list.sort / sorted(): stable, by `<`, optionally keyed and reversed (reversal keeps equal items stable). */
export function sortValues(values: PyValue[], key: PyValue, reverse: boolean): PyValue[] {
  const keyed = values.map((v) => ({ v, k: key === null ? v : callValue(key, { args: [v], kwargs: new Map() }) }));
  const cmp = (a: { k: PyValue }, b: { k: PyValue }) =>
    pyCompare("<", a.k, b.k) ? -1 : pyCompare("<", b.k, a.k) ? 1 : 0;
  keyed.sort(reverse ? (a, b) => cmp(b, a) : cmp);
  return keyed.map((x) => x.v);
}

const LIST_METHODS: Record<string, Method> = {
  append: method({ params: ["object"] }, (self, a) => {
    (self as PyValue[]).push(a.get("object"));
    return null;
  })("append"),
  extend: method({ params: ["iterable"] }, (self, a) => {
    (self as PyValue[]).push(...pyList(a.get("iterable")));
    return null;
  })("extend"),
  insert: method({ params: ["index", "object"] }, (self, a) => {
    const list = self as PyValue[];
    let i = index(a.get("index"), 0);
    if (i < 0) i = Math.max(0, i + list.length);
    list.splice(Math.min(i, list.length), 0, a.get("object"));
    return null;
  })("insert"),
  pop: method({ params: ["index"], defaults: { index: -1n } }, (self, a) => {
    const list = self as PyValue[];
    if (list.length === 0) throw indexError("pop from empty list");
    const k = listIndex(list, index(a.get("index"), -1), "pop index out of range");
    return list.splice(k, 1)[0] ?? null;
  })("pop"),
  remove: method({ params: ["value"] }, (self, a) => {
    const list = self as PyValue[];
    const k = list.findIndex((x) => pyEq(x, a.get("value")));
    if (k < 0) throw valueError("list.remove(x): x not in list");
    list.splice(k, 1);
    return null;
  })("remove"),
  index: method({ params: ["value"] }, (self, a) => {
    const k = (self as PyValue[]).findIndex((x) => pyEq(x, a.get("value")));
    if (k < 0) throw valueError(`${pyRepr(a.get("value"))} is not in list`);
    return BigInt(k);
  })("index"),
  count: method({ params: ["value"] }, (self, a) =>
    BigInt((self as PyValue[]).filter((x) => pyEq(x, a.get("value"))).length),
  )("count"),
  reverse: method({ params: [] }, (self) => {
    (self as PyValue[]).reverse();
    return null;
  })("reverse"),
  sort: method({ params: ["key", "reverse"], defaults: { key: null, reverse: false } }, (self, a) => {
    const list = self as PyValue[];
    list.splice(0, list.length, ...sortValues(list, a.get("key"), truthy(a.get("reverse"))));
    return null;
  })("sort"),
  copy: method({ params: [] }, (self) => [...(self as PyValue[])])("copy"),
  clear: method({ params: [] }, (self) => {
    (self as PyValue[]).length = 0;
    return null;
  })("clear"),
};

const TUPLE_METHODS: Record<string, Method> = {
  index: method({ params: ["value"] }, (self, a) => {
    const k = (self as PyTuple).items.findIndex((x) => pyEq(x, a.get("value")));
    if (k < 0) throw valueError("tuple.index(x): x not in tuple");
    return BigInt(k);
  })("index"),
  count: method({ params: ["value"] }, (self, a) =>
    BigInt((self as PyTuple).items.filter((x) => pyEq(x, a.get("value"))).length),
  )("count"),
};

const DICT_METHODS: Record<string, Method> = {
  get: method(
    { params: ["key", "default"], defaults: { default: null } },
    (self, a) => (self as PyDict).get(a.get("key")) ?? a.get("default"),
  )("get"),
  keys: method({ params: [] }, (self) => (self as PyDict).keys())("keys"),
  values: method({ params: [] }, (self) => (self as PyDict).values())("values"),
  items: method({ params: [] }, (self) => (self as PyDict).items().map((kv) => new PyTuple(kv)))("items"),
  pop: (self, call) => {
    const b = bindArgs({ qualname: "pop", params: ["key"], varargs: true }, call);
    const d = self as PyDict;
    const found = d.get(b.get("key"));
    if (found !== undefined) {
      d.delete(b.get("key"));
      return found;
    }
    if (b.rest.length === 0) throw new PyException("KeyError", pyRepr(b.get("key")));
    return b.rest[0] ?? null;
  },
  setdefault: method({ params: ["key", "default"], defaults: { default: null } }, (self, a) => {
    const d = self as PyDict;
    const found = d.get(a.get("key"));
    if (found !== undefined) return found;
    d.set(a.get("key"), a.get("default"));
    return a.get("default");
  })("setdefault"),
  update: (self, call) => {
    const d = self as PyDict;
    const other = call.args[0];
    if (other instanceof PyDict) for (const [k, v] of other.items()) d.set(k, v);
    else if (other !== undefined)
      for (const pair of pyIter(other)) {
        const kv = pyList(pair);
        if (kv.length !== 2)
          throw valueError(`dictionary update sequence element has length ${kv.length}; 2 is required`);
        d.set(kv[0] ?? null, kv[1] ?? null);
      }
    for (const [k, v] of call.kwargs) d.set(k, v);
    return null;
  },
  copy: method({ params: [] }, (self) => PyDict.from((self as PyDict).items()))("copy"),
  clear: method({ params: [] }, (self) => {
    (self as PyDict).entries.clear();
    return null;
  })("clear"),
};

const SET_METHODS: Record<string, Method> = {
  add: method({ params: ["element"] }, (self, a) => {
    (self as PySet).add(a.get("element"));
    return null;
  })("add"),
  union: method({ params: [], varargs: true }, (self, _a, rest) =>
    PySet.from([...(self as PySet).values(), ...rest.flatMap(pyList)]),
  )("union"),
  intersection: method({ params: ["other"] }, (self, a) => {
    const other = PySet.from(pyList(a.get("other")));
    return PySet.from((self as PySet).values().filter((v) => other.has(v)));
  })("intersection"),
  difference: method({ params: ["other"] }, (self, a) => {
    const other = PySet.from(pyList(a.get("other")));
    return PySet.from((self as PySet).values().filter((v) => !other.has(v)));
  })("difference"),
};

const PLACEHOLDER_METHODS: Record<string, Method> = {
  split: method({ params: ["ch"] }, () => [new Placeholder(), new Placeholder()])("Placeholder.split"),
  startswith: method({ params: ["c"] }, () => false)("Placeholder.startswith"),
};

function bound(self: PyValue, name: string, m: Method, owner: string): PyFunction {
  return new PyFunction(
    name,
    (call) => m(self, call),
    "builtin_function_or_method",
    `<built-in method ${name} of ${owner} object>`,
  );
}

/** `obj.name` — methods come back bound, ready for callValue(). */
export function getAttribute(obj: PyValue, name: string): PyValue {
  const table =
    strOf(obj) !== undefined
      ? STR_METHODS
      : Array.isArray(obj)
        ? LIST_METHODS
        : obj instanceof PyDict
          ? DICT_METHODS
          : obj instanceof PyTuple
            ? TUPLE_METHODS
            : obj instanceof PySet
              ? SET_METHODS
              : obj instanceof Placeholder
                ? PLACEHOLDER_METHODS
                : undefined;
  const m = table && Object.hasOwn(table, name) ? table[name] : undefined;
  if (m) return bound(obj, name, m, typeName(obj));
  if (obj instanceof Placeholder && (name === "name" || name === "line"))
    return name === "name" ? obj.name : typeof obj.line === "number" ? BigInt(obj.line) : obj.line;
  if ((obj instanceof TypedInt || obj instanceof TypedFloat) && name === "type") return obj.type;
  if (obj instanceof SqlSymbol && name === "x") return obj.x;
  if (obj instanceof SqlComment && name === "text") return obj.text;
  if (obj instanceof PyExceptionObject && name === "args") return new PyTuple([obj.message]);
  throw attributeError(`'${typeName(obj)}' object has no attribute '${name}'`);
}

export function hasAttribute(obj: PyValue, name: string): boolean {
  try {
    getAttribute(obj, name);
    return true;
  } catch (e) {
    if (e instanceof PyException && e.is("AttributeError")) return false;
    throw e;
  }
}
