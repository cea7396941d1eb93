/**
 * The Python value model the template runtime works on.
 * None → null, bool → boolean, int → bigint, float → number, str → string, list → Array;
 * everything else is one of the classes below (tuple, dict, set and Tinybird's own value classes).
 */
import { typeError } from "./py-exception";

export type PyValue = null | boolean | bigint | number | string | PyValue[] | PyObject;

export type PyObject =
  | PyTuple
  | PyDict
  | PySet
  | Placeholder
  | SqlExpression
  | TypedInt
  | TypedFloat
  | SqlSymbol
  | SqlComment
  | PyFunction
  | PyClass
  | PyRange
  | PyExceptionObject
  | PyOpaque;

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** Dict and set entries are keyed by a normalised hash key so that 1, 1.0 and True collide as in Python. */
export class PyDict {
  readonly entries = new Map<unknown, [PyValue, PyValue]>();

  static from(pairs: Iterable<readonly [PyValue, PyValue]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of pairs) d.set(k, v);
    return d;
  }

  get size(): number {
    return this.entries.size;
  }
  has(key: PyValue): boolean {
    return this.entries.has(hashKey(key));
  }
  get(key: PyValue): PyValue | undefined {
    return this.entries.get(hashKey(key))?.[1];
  }
  set(key: PyValue, value: PyValue): void {
    const h = hashKey(key);
    const existing = this.entries.get(h);
    // Python keeps the first key object and its position when a key is re-assigned.
    if (existing) existing[1] = value;
    else this.entries.set(h, [key, value]);
  }
  delete(key: PyValue): boolean {
    return this.entries.delete(hashKey(key));
  }
  keys(): PyValue[] {
    return [...this.entries.values()].map((e) => e[0]);
  }
  values(): PyValue[] {
    return [...this.entries.values()].map((e) => e[1]);
  }
  items(): [PyValue, PyValue][] {
    return [...this.entries.values()].map((e) => [e[0], e[1]]);
  }
}

export class PySet {
  readonly entries = new Map<unknown, PyValue>();

  static from(values: Iterable<PyValue>): PySet {
    const s = new PySet();
    for (const v of values) s.add(v);
    return s;
  }
  get size(): number {
    return this.entries.size;
  }
  has(v: PyValue): boolean {
    return this.entries.has(hashKey(v));
  }
  add(v: PyValue): void {
    const h = hashKey(v);
    if (!this.entries.has(h)) this.entries.set(h, v);
  }
  values(): PyValue[] {
    return [...this.entries.values()];
  }
}

/** Test-mode stand-in for a parameter that was not passed (sql_template.Placeholder). */
export class Placeholder {
  constructor(
    readonly name: string = "__no_value__",
    readonly line: number | string = "unknown",
  ) {}
}

/** sql_template.Expression: a str subclass rendered verbatim (not quoted). */
export class SqlExpression {
  constructor(readonly s: string) {}
}

/** sql_template.Integer: an int that renders as `toInt32('5')`. */
export class TypedInt {
  constructor(
    readonly value: bigint,
    readonly type: string,
  ) {}
}

/** sql_template.Float: a float that renders as `toFloat32('1.5')`. */
export class TypedFloat {
  constructor(
    readonly value: number,
    readonly type: string,
  ) {}
}

/** sql_template.Symbol: an identifier rendered verbatim. */
export class SqlSymbol {
  constructor(readonly x: string) {}
}

/** sql_template.Comment: what error()/custom_error() return in test mode. */
export class SqlComment {
  constructor(readonly text: string) {}
}

export interface CallArgs {
  args: PyValue[];
  kwargs: ReadonlyMap<string, PyValue>;
}

export type PyFunctionKind = "function" | "builtin_function_or_method";

export class PyFunction {
  constructor(
    readonly name: string,
    readonly impl: (call: CallArgs) => PyValue,
    readonly kind: PyFunctionKind = "function",
    /** `str()` of the object, e.g. `<built-in function len>` or `<built-in method split of str object>`. */
    readonly display: string = kind === "function" ? `<function ${name}>` : `<built-in function ${name}>`,
  ) {}
}

/** A builtin type or exception class (`str`, `filter`, `ValueError` …). */
export class PyClass {
  constructor(
    readonly name: string,
    readonly construct?: (call: CallArgs) => PyValue,
  ) {}
}

export class PyRange {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
  ) {}

  get length(): number {
    const { start, stop, step } = this;
    const n = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
    return n > 0n ? Number(n) : 0;
  }
  at(i: number): bigint {
    return this.start + BigInt(i) * this.step;
  }
}

/** A caught exception bound by `{% except E as e %}`. */
export class PyExceptionObject {
  constructor(
    readonly pyType: string,
    readonly message: string,
  ) {}
}

/** Builtins we only need to print or test for truthiness (exit, copyright, Ellipsis …). */
export class PyOpaque {
  constructor(
    readonly typeName: string,
    readonly text: string,
  ) {}
}

/** The string inside a Python str or str subclass, or undefined. */
export function strOf(v: PyValue): string | undefined {
  if (typeof v === "string") return v;
  if (v instanceof SqlExpression) return v.s;
  return undefined;
}

/** The integer inside a Python int, bool or int subclass, or undefined. */
export function intOf(v: PyValue): bigint | undefined {
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (v instanceof TypedInt) return v.value;
  return undefined;
}

/** The number inside a Python int/float/bool (and their subclasses), or undefined. */
export function numOf(v: PyValue): number | bigint | undefined {
  if (typeof v === "number") return v;
  if (v instanceof TypedFloat) return v.value;
  return intOf(v);
}

export function isFloat(v: PyValue): boolean {
  return typeof v === "number" || v instanceof TypedFloat;
}

export function hashKey(v: PyValue): unknown {
  if (v === null || typeof v === "string" || typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
  if (v instanceof SqlExpression) return v.s;
  if (v instanceof TypedInt) return v.value;
  if (v instanceof TypedFloat) return hashKey(v.value);
  if (v instanceof PyTuple) return "\u0000(" + v.items.map((x) => keyText(hashKey(x))).join(",") + ")";
  if (Array.isArray(v) || v instanceof PyDict || v instanceof PySet)
    throw typeError(`unhashable type: '${typeName(v)}'`);
  return v;
}

function keyText(k: unknown): string {
  return typeof k === "string"
    ? JSON.stringify(k)
    : typeof k === "object" && k !== null
      ? `#${objectId(k)}`
      : String(k);
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/** `type(v).__name__` */
export function typeName(v: PyValue): string {
  if (v === null) return "NoneType";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "float";
    case "string":
      return "str";
  }
  if (Array.isArray(v)) return "list";
  if (v instanceof PyTuple) return "tuple";
  if (v instanceof PyDict) return "dict";
  if (v instanceof PySet) return "set";
  if (v instanceof Placeholder) return "Placeholder";
  if (v instanceof SqlExpression) return "Expression";
  if (v instanceof TypedInt) return "Integer";
  if (v instanceof TypedFloat) return "Float";
  if (v instanceof SqlSymbol) return "Symbol";
  if (v instanceof SqlComment) return "Comment";
  if (v instanceof PyFunction) return v.kind;
  if (v instanceof PyClass) return "type";
  if (v instanceof PyRange) return "range";
  if (v instanceof PyExceptionObject) return v.pyType;
  return v.typeName;
}
