/** Python operator semantics: truthiness, equality, ordering, membership, iteration, indexing, arithmetic. */
import { PyException, indexError, typeError, unsupported } from "./py-exception";
import { pyRepr, pyStr } from "./py-format";
import {
  Placeholder,
  PyDict,
  PyRange,
  PySet,
  PyTuple,
  SqlExpression,
  TypedFloat,
  TypedInt,
  intOf,
  isFloat,
  numOf,
  strOf,
  typeName,
  type PyValue,
} from "./py-values";

export function truthy(v: PyValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case "boolean":
      return v;
    case "bigint":
      return v !== 0n;
    case "number":
      return v !== 0;
    case "string":
      return v.length > 0;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict || v instanceof PySet) return v.size > 0;
  if (v instanceof SqlExpression) return v.s.length > 0;
  if (v instanceof TypedInt) return v.value !== 0n;
  if (v instanceof TypedFloat) return v.value !== 0;
  if (v instanceof PyRange) return v.length > 0;
  return true;
}

function numEq(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === "bigint" && typeof b === "bigint") return a === b;
  if (typeof a === "number" && typeof b === "number") return a === b;
  const [i, f] = typeof a === "bigint" ? [a, b as number] : [b as bigint, a as number];
  return Number.isInteger(f) && BigInt(f) === i;
}

export function pyEq(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  const na = numOf(a);
  const nb = numOf(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && numEq(na, nb);
  const sa = strOf(a);
  const sb = strOf(b);
  if (sa !== undefined || sb !== undefined) return sa === sb;
  if (Array.isArray(a) && Array.isArray(b)) return seqEq(a, b);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEq(a.items, b.items);
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a.items()) {
      const other = b.get(k);
      if (other === undefined || !pyEq(v, other)) return false;
    }
    return true;
  }
  if (a instanceof PySet && b instanceof PySet) return a.size === b.size && a.values().every((x) => b.has(x));
  return false;
}

function seqEq(a: readonly PyValue[], b: readonly PyValue[]): boolean {
  return a.length === b.length && a.every((x, i) => pyEq(x, b[i] ?? null));
}

function codePointCompare(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

function numCompare(a: number | bigint, b: number | bigint): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x !== y) return x < y ? -1 : 1;
  // Equal as doubles: fall back to exact comparison when one side is a big integer.
  if (typeof a === "bigint" && Number.isInteger(y)) return numCompare(a, BigInt(y));
  if (typeof b === "bigint" && Number.isInteger(x)) return numCompare(BigInt(x), b);
  return 0;
}

export type CompareOp = "<" | "<=" | ">" | ">=";

/** Three-way comparison for ordering operators; throws Python's TypeError for unorderable pairs. */
function order(op: CompareOp, a: PyValue, b: PyValue): number {
  const na = numOf(a);
  const nb = numOf(b);
  if (na !== undefined && nb !== undefined) return numCompare(na, nb);
  const sa = strOf(a);
  const sb = strOf(b);
  if (sa !== undefined && sb !== undefined) return codePointCompare(sa, sb);
  const seqA = Array.isArray(a) ? a : a instanceof PyTuple ? a.items : undefined;
  const seqB = Array.isArray(b) ? b : b instanceof PyTuple ? b.items : undefined;
  if (seqA && seqB && Array.isArray(a) === Array.isArray(b)) {
    for (let i = 0; i < Math.min(seqA.length, seqB.length); i++) {
      const x = seqA[i] ?? null;
      const y = seqB[i] ?? null;
      if (!pyEq(x, y)) return order(op, x, y);
    }
    return seqA.length - seqB.length;
  }
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function pyCompare(op: CompareOp, a: PyValue, b: PyValue): boolean {
  if (a instanceof PySet && b instanceof PySet) {
    const sub = (x: PySet, y: PySet) => x.values().every((v) => y.has(v));
    if (op === "<=") return sub(a, b);
    if (op === ">=") return sub(b, a);
    if (op === "<") return a.size < b.size && sub(a, b);
    return b.size < a.size && sub(b, a);
  }
  const c = order(op, a, b);
  if (Number.isNaN(c)) return false;
  return op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0;
}

/** `item in container` */
export function pyContains(container: PyValue, item: PyValue): boolean {
  const s = strOf(container);
  if (s !== undefined) {
    const needle = strOf(item);
    if (needle === undefined) throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return s.includes(needle);
  }
  if (Array.isArray(container)) return container.some((x) => x === item || pyEq(x, item));
  if (container instanceof PyTuple) return container.items.some((x) => x === item || pyEq(x, item));
  if (container instanceof PyDict) return container.has(item);
  if (container instanceof PySet) return container.has(item);
  if (container instanceof PyRange) {
    const i = intOf(item);
    if (i === undefined) return false;
    for (let k = 0; k < container.length; k++) if (container.at(k) === i) return true;
    return false;
  }
  if (container instanceof Placeholder) {
    for (const x of pyIter(container)) if (x === item) return true;
    return false;
  }
  throw typeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** Python iteration protocol (lazy, so `for` over a growing list behaves like Python). */
export function* pyIter(v: PyValue): Generator<PyValue, void, undefined> {
  const s = strOf(v);
  if (s !== undefined) {
    yield* s;
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield v[i] ?? null;
    return;
  }
  if (v instanceof PyTuple) return yield* v.items;
  if (v instanceof PyDict) return yield* v.keys();
  if (v instanceof PySet) return yield* v.values();
  if (v instanceof PyRange) {
    for (let i = 0; i < v.length; i++) yield v.at(i);
    return;
  }
  if (v instanceof Placeholder) {
    // Placeholder iterates through __getitem__, which raises IndexError past index 2.
    for (let i = 0; i < 3; i++) yield new Placeholder();
    return;
  }
  throw typeError(`'${typeName(v)}' object is not iterable`);
}

export function pyList(v: PyValue): PyValue[] {
  return [...pyIter(v)];
}

export function pyLen(v: PyValue): number {
  const s = strOf(v);
  if (s !== undefined) return [...s].length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict || v instanceof PySet) return v.size;
  if (v instanceof PyRange) return v.length;
  throw typeError(`object of type '${typeName(v)}' has no len()`);
}

function sequenceOf(v: PyValue): { items: readonly PyValue[]; kind: "list" | "tuple" | "string" } | undefined {
  const s = strOf(v);
  if (s !== undefined) return { items: [...s], kind: "string" };
  if (Array.isArray(v)) return { items: v, kind: "list" };
  if (v instanceof PyTuple) return { items: v.items, kind: "tuple" };
  return undefined;
}

export function pySubscript(obj: PyValue, key: PyValue): PyValue {
  if (obj instanceof PyDict) {
    const found = obj.get(key);
    if (found === undefined) throw new PyException("KeyError", pyRepr(key));
    return found;
  }
  if (obj instanceof Placeholder) {
    if (pyCompare(">", key, 2n)) throw indexError("");
    return new Placeholder();
  }
  if (obj instanceof PyRange) {
    const i = intOf(key);
    if (i === undefined) throw typeError(`range indices must be integers or slices, not ${typeName(key)}`);
    const n = BigInt(obj.length);
    const idx = i < 0n ? i + n : i;
    if (idx < 0n || idx >= n) throw indexError("range object index out of range");
    return obj.at(Number(idx));
  }
  const seq = sequenceOf(obj);
  if (!seq) throw typeError(`'${typeName(obj)}' object is not subscriptable`);
  const i = intOf(key);
  if (i === undefined) {
    if (seq.kind === "string") throw typeError(`string indices must be integers, not '${typeName(key)}'`);
    throw typeError(`${seq.kind} indices must be integers or slices, not ${typeName(key)}`);
  }
  const n = BigInt(seq.items.length);
  const idx = i < 0n ? i + n : i;
  if (idx < 0n || idx >= n) throw indexError(`${seq.kind} index out of range`);
  return seq.items[Number(idx)] ?? null;
}

function sliceBound(v: PyValue): bigint | undefined {
  if (v === null) return undefined;
  const i = intOf(v);
  if (i === undefined) throw typeError("slice indices must be integers or None or have an __index__ method");
  return i;
}

export function pySlice(obj: PyValue, lower: PyValue, upper: PyValue, step: PyValue): PyValue {
  const seq = sequenceOf(obj);
  if (!seq) throw typeError(`'${typeName(obj)}' object is not subscriptable`);
  const n = BigInt(seq.items.length);
  const st = sliceBound(step) ?? 1n;
  if (st === 0n) throw new PyException("ValueError", "slice step cannot be zero");
  const clamp = (b: bigint | undefined, dflt: bigint, lo: bigint, hi: bigint): bigint => {
    if (b === undefined) return dflt;
    const x = b < 0n ? b + n : b;
    return x < lo ? lo : x > hi ? hi : x;
  };
  const start = st > 0n ? clamp(sliceBound(lower), 0n, 0n, n) : clamp(sliceBound(lower), n - 1n, -1n, n - 1n);
  const stop = st > 0n ? clamp(sliceBound(upper), n, 0n, n) : clamp(sliceBound(upper), -1n, -1n, n - 1n);
  const out: PyValue[] = [];
  for (let i = start; st > 0n ? i < stop : i > stop; i += st) out.push(seq.items[Number(i)] ?? null);
  if (seq.kind === "string") return out.join("");
  return seq.kind === "tuple" ? new PyTuple(out) : out;
}

type Num = { int: bigint } | { float: number };

function toNum(v: PyValue): Num | undefined {
  if (isFloat(v)) return { float: Number(numOf(v)) };
  const i = intOf(v);
  return i === undefined ? undefined : { int: i };
}

const floatOf = (n: Num): number => ("float" in n ? n.float : Number(n.int));

function unsupportedOperands(op: string, a: PyValue, b: PyValue): PyException {
  return typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function floorDivInt(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function modInt(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

function repeat(seq: PyValue, times: bigint): PyValue {
  const n = times < 0n ? 0 : Number(times);
  const s = strOf(seq);
  if (s !== undefined) return s.repeat(n);
  const items = Array.isArray(seq) ? seq : (seq as PyTuple).items;
  const out: PyValue[] = [];
  for (let i = 0; i < n; i++) out.push(...items);
  return Array.isArray(seq) ? out : new PyTuple(out);
}

const isSequence = (v: PyValue) => strOf(v) !== undefined || Array.isArray(v) || v instanceof PyTuple;

// Guards against templates that would make Python allocate gigabytes (`'x' * 10**12`, `2 ** 10**9`).
const MAX_RESULT_SIZE = 50_000_000;

export type BinaryOp = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "<<" | ">>" | "&" | "|" | "^" | "@";

export function pyBinary(op: BinaryOp, a: PyValue, b: PyValue): PyValue {
  const x = toNum(a);
  const y = toNum(b);
  if (x && y && op !== "@") return numeric(op, x, y, a, b);
  switch (op) {
    case "+": {
      if (a instanceof Placeholder) return new Placeholder();
      const sa = strOf(a);
      const sb = strOf(b);
      if (sa !== undefined && sb !== undefined) return sa + sb;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
      const kind = sa !== undefined ? "str" : Array.isArray(a) ? "list" : a instanceof PyTuple ? "tuple" : undefined;
      if (kind) throw typeError(`can only concatenate ${kind} (not "${typeName(b)}") to ${kind}`);
      throw unsupportedOperands("+", a, b);
    }
    case "*": {
      const [seq, times] = isSequence(a) ? [a, b] : isSequence(b) ? [b, a] : [undefined, undefined];
      if (seq === undefined) throw unsupportedOperands("*", a, b);
      const n = intOf(times ?? null);
      if (n === undefined) throw typeError(`can't multiply sequence by non-int of type '${typeName(times ?? null)}'`);
      if (n > 0n && BigInt(pyLen(seq)) * n > BigInt(MAX_RESULT_SIZE)) throw unsupported("A sequence this large");
      return repeat(seq, n);
    }
    case "-":
      if (a instanceof PySet && b instanceof PySet) return PySet.from(a.values().filter((v) => !b.has(v)));
      throw unsupportedOperands("-", a, b);
    case "&":
      if (a instanceof PySet && b instanceof PySet) return PySet.from(a.values().filter((v) => b.has(v)));
      throw unsupportedOperands("&", a, b);
    case "|":
      if (a instanceof PySet && b instanceof PySet) return PySet.from([...a.values(), ...b.values()]);
      if (a instanceof PyDict && b instanceof PyDict) return PyDict.from([...a.items(), ...b.items()]);
      throw unsupportedOperands("|", a, b);
    case "^":
      if (a instanceof PySet && b instanceof PySet)
        return PySet.from([...a.values().filter((v) => !b.has(v)), ...b.values().filter((v) => !a.has(v))]);
      throw unsupportedOperands("^", a, b);
    case "%": {
      const fmt = strOf(a);
      if (fmt !== undefined) return percentFormat(fmt, b);
      throw unsupportedOperands("%", a, b);
    }
    case "**":
      throw unsupportedOperands("** or pow()", a, b);
    default:
      throw unsupportedOperands(op, a, b);
  }
}

function numeric(op: BinaryOp, x: Num, y: Num, a: PyValue, b: PyValue): PyValue {
  const bothInt = "int" in x && "int" in y;
  if (bothInt) {
    const i = x.int;
    const j = y.int;
    switch (op) {
      case "+":
        return i + j;
      case "-":
        return i - j;
      case "*":
        return i * j;
      case "/":
        if (j === 0n) throw new PyException("ZeroDivisionError", "division by zero");
        return Number(i) / Number(j);
      case "//":
        if (j === 0n) throw new PyException("ZeroDivisionError", "integer division or modulo by zero");
        return floorDivInt(i, j);
      case "%":
        if (j === 0n) throw new PyException("ZeroDivisionError", "integer modulo by zero");
        return modInt(i, j);
      case "**":
        if (j < 0n) {
          if (i === 0n) throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
          return Number(i) ** Number(j);
        }
        if (i !== 0n && i !== 1n && i !== -1n && j * BigInt(i.toString(2).length) > BigInt(MAX_RESULT_SIZE))
          throw unsupported("An integer this large");
        return i ** j;
      case "<<":
        if (j < 0n) throw new PyException("ValueError", "negative shift count");
        if (j > BigInt(MAX_RESULT_SIZE)) throw unsupported("An integer this large");
        return i << j;
      case ">>":
        if (j < 0n) throw new PyException("ValueError", "negative shift count");
        return i >> j;
      case "&":
        return i & j;
      case "|":
        return i | j;
      case "^":
        return i ^ j;
    }
  }
  const f = floatOf(x);
  const g = floatOf(y);
  switch (op) {
    case "+":
      return f + g;
    case "-":
      return f - g;
    case "*":
      return f * g;
    case "/":
      if (g === 0) throw new PyException("ZeroDivisionError", "float division by zero");
      return f / g;
    case "//":
      if (g === 0) throw new PyException("ZeroDivisionError", "float floor division by zero");
      return Math.floor(f / g);
    case "%": {
      if (g === 0) throw new PyException("ZeroDivisionError", "float modulo");
      const r = f % g;
      return r !== 0 && r < 0 !== g < 0 ? r + g : r;
    }
    case "**":
      if (f === 0 && g < 0) throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
      return f ** g;
    default:
      throw unsupportedOperands(op, a, b);
  }
}

export type UnaryOp = "-" | "+" | "~" | "not";

export function pyUnary(op: UnaryOp, v: PyValue): PyValue {
  if (op === "not") return !truthy(v);
  const n = toNum(v);
  if (n === undefined) throw typeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
  if (op === "~") {
    if ("float" in n) throw typeError(`bad operand type for unary ~: '${typeName(v)}'`);
    return ~n.int;
  }
  if ("int" in n) return op === "-" ? -n.int : n.int;
  return op === "-" ? -n.float : n.float;
}

/** printf-style `'%s' % args` for the conversions templates realistically use. */
function percentFormat(fmt: string, args: PyValue): string {
  const values = args instanceof PyTuple ? [...args.items] : [args];
  let used = 0;
  const next = (): PyValue => {
    if (used >= values.length) throw typeError("not enough arguments for format string");
    return values[used++] ?? null;
  };
  const out = fmt.replace(
    /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g,
    (_m, key, flags, width, prec, conv) => {
      if (conv === "%") return "%";
      let v: PyValue;
      if (key !== undefined) {
        if (!(args instanceof PyDict)) throw typeError("format requires a mapping");
        const found = args.get(key);
        if (found === undefined) throw new PyException("KeyError", pyRepr(key));
        v = found;
        used = values.length;
      } else v = next();
      let text: string;
      switch (conv) {
        case "s":
          text = pyStr(v);
          break;
        case "r":
          text = pyRepr(v);
          break;
        case "d":
        case "i": {
          const n = toNum(v);
          if (!n) throw typeError(`%${conv} format: a real number is required, not ${typeName(v)}`);
          text = "int" in n ? n.int.toString() : Math.trunc(n.float).toFixed(0);
          break;
        }
        case "f": {
          const n = toNum(v);
          if (!n) throw typeError(`must be real number, not ${typeName(v)}`);
          text = floatOf(n).toFixed(prec === undefined ? 6 : Number(prec));
          break;
        }
        default:
          throw unsupported(`The %${conv} format conversion`);
      }
      if (width !== undefined && text.length < Number(width))
        text = String(flags).includes("-")
          ? text.padEnd(Number(width))
          : text.padStart(Number(width), String(flags).includes("0") && conv !== "s" ? "0" : " ");
      return text;
    },
  );
  if (used < values.length && !(args instanceof PyDict))
    throw typeError("not all arguments converted during string formatting");
  return out;
}
