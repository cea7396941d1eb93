/** Python's json.loads / json.dumps: same values (int vs float, NaN) and the same error messages. */
import { PyException, typeError } from "./py-exception";
import { floatRepr } from "./py-format";
import { PyDict, PyTuple, SqlExpression, TypedFloat, TypedInt, typeName, type PyValue } from "./py-values";

class JsonError extends Error {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {
    super(msg);
  }
}

/** Raised for "Expecting value" at a position, which callers may re-position (CPython's StopIteration). */
class NoValue extends Error {
  constructor(readonly pos: number) {
    super("Expecting value");
  }
}

const WS = /[ \t\n\r]*/y;
const NUMBER = /(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

function skipWs(s: string, i: number): number {
  WS.lastIndex = i;
  WS.exec(s);
  return WS.lastIndex;
}

function scanString(s: string, start: number): [string, number] {
  let out = "";
  let i = start;
  for (;;) {
    const c = s[i];
    if (c === undefined) throw new JsonError("Unterminated string starting at", start - 1);
    if (c === '"') return [out, i + 1];
    if (c === "\\") {
      const e = s[i + 1];
      if (e === undefined) throw new JsonError("Unterminated string starting at", start - 1);
      const simple = (
        { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" } as Record<string, string>
      )[e];
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      if (e !== "u") throw new JsonError("Invalid \\escape", i);
      const hex = s.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonError("Invalid \\uXXXX escape", i + 1);
      let cp = parseInt(hex, 16);
      i += 6;
      if (cp >= 0xd800 && cp <= 0xdbff && s[i] === "\\" && s[i + 1] === "u") {
        const lo = s.slice(i + 2, i + 6);
        if (/^[0-9a-fA-F]{4}$/.test(lo)) {
          const low = parseInt(lo, 16);
          if (low >= 0xdc00 && low <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            i += 6;
          }
        }
      }
      out += String.fromCodePoint(cp);
      continue;
    }
    if (c < " ") throw new JsonError("Invalid control character at", i);
    out += c;
    i++;
  }
}

function scanValue(s: string, i: number): [PyValue, number] {
  const c = s[i];
  if (c === '"') return scanString(s, i + 1);
  if (c === "{") return scanObject(s, i + 1);
  if (c === "[") return scanArray(s, i + 1);
  if (s.startsWith("null", i)) return [null, i + 4];
  if (s.startsWith("true", i)) return [true, i + 4];
  if (s.startsWith("false", i)) return [false, i + 5];
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(s);
  if (m) {
    const [text, , frac, exp] = m;
    return [frac !== undefined || exp !== undefined ? Number(text) : BigInt(text), i + text.length];
  }
  if (s.startsWith("NaN", i)) return [NaN, i + 3];
  if (s.startsWith("Infinity", i)) return [Infinity, i + 8];
  if (s.startsWith("-Infinity", i)) return [-Infinity, i + 9];
  throw new NoValue(i);
}

function valueAt(s: string, i: number): [PyValue, number] {
  try {
    return scanValue(s, i);
  } catch (e) {
    if (e instanceof NoValue) throw new JsonError("Expecting value", e.pos);
    throw e;
  }
}

function scanObject(s: string, start: number): [PyValue, number] {
  const d = new PyDict();
  let i = skipWs(s, start);
  if (s[i] === "}") return [d, i + 1];
  if (s[i] !== '"') throw new JsonError("Expecting property name enclosed in double quotes", i);
  i++;
  for (;;) {
    const [key, afterKey] = scanString(s, i);
    i = skipWs(s, afterKey);
    if (s[i] !== ":") throw new JsonError("Expecting ':' delimiter", i);
    i = skipWs(s, i + 1);
    const [value, afterValue] = valueAt(s, i);
    d.set(key, value);
    i = skipWs(s, afterValue);
    const next = s[i];
    i++;
    if (next === "}") return [d, i];
    if (next !== ",") throw new JsonError("Expecting ',' delimiter", i - 1);
    i = skipWs(s, i);
    if (s[i] !== '"') throw new JsonError("Expecting property name enclosed in double quotes", i);
    i++;
  }
}

function scanArray(s: string, start: number): [PyValue, number] {
  const out: PyValue[] = [];
  let i = skipWs(s, start);
  if (s[i] === "]") return [out, i + 1];
  for (;;) {
    const [value, after] = valueAt(s, i);
    out.push(value);
    i = skipWs(s, after);
    const next = s[i];
    i++;
    if (next === "]") return [out, i];
    if (next !== ",") throw new JsonError("Expecting ',' delimiter", i - 1);
    i = skipWs(s, i);
  }
}

function position(s: string, pos: number): string {
  const before = s.slice(0, pos);
  const lineno = (before.match(/\n/g)?.length ?? 0) + 1;
  const lastNl = before.lastIndexOf("\n");
  const colno = lastNl === -1 ? pos + 1 : pos - lastNl;
  return `line ${lineno} column ${colno} (char ${pos})`;
}

/** json.loads(s); throws PyException("JSONDecodeError") whose message is Python's str(e). */
export function jsonLoads(s: string): PyValue {
  try {
    const [value, end] = valueAt(s, skipWs(s, 0));
    const rest = skipWs(s, end);
    if (rest !== s.length) throw new JsonError("Extra data", rest);
    return value;
  } catch (e) {
    if (e instanceof JsonError) throw new PyException("ValueError", `${e.msg}: ${position(s, e.pos)}`);
    throw e;
  }
}

function dumpString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const esc = (
      { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" } as Record<
        string,
        string
      >
    )[ch];
    if (esc) out += esc;
    else if (cp < 0x20 || cp > 0x7e) {
      // ensure_ascii=True: everything outside printable ASCII becomes \uXXXX (surrogate pairs above the BMP).
      for (let k = 0; k < ch.length; k++) out += "\\u" + ch.charCodeAt(k).toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

function dumpFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  return floatRepr(x);
}

function dumpKey(k: PyValue): string {
  if (typeof k === "string" || k instanceof SqlExpression) return dumpString(typeof k === "string" ? k : k.s);
  if (typeof k === "number" || k instanceof TypedFloat)
    return dumpString(dumpFloat(typeof k === "number" ? k : k.value));
  if (typeof k === "bigint" || k instanceof TypedInt) return dumpString(String(typeof k === "bigint" ? k : k.value));
  if (typeof k === "boolean") return dumpString(k ? "true" : "false");
  if (k === null) return '"null"';
  throw typeError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

/** json.dumps(v) with Python's default separators (", " and ": ") and ensure_ascii. */
export function jsonDumps(v: PyValue): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return dumpFloat(v);
  if (typeof v === "string") return dumpString(v);
  if (v instanceof SqlExpression) return dumpString(v.s);
  if (v instanceof TypedInt) return v.value.toString();
  if (v instanceof TypedFloat) return dumpFloat(v.value);
  if (Array.isArray(v)) return "[" + v.map(jsonDumps).join(", ") + "]";
  if (v instanceof PyTuple) return "[" + v.items.map(jsonDumps).join(", ") + "]";
  if (v instanceof PyDict)
    return (
      "{" +
      v
        .items()
        .map(([k, x]) => `${dumpKey(k)}: ${jsonDumps(x)}`)
        .join(", ") +
      "}"
    );
  throw typeError(`Object of type ${typeName(v)} is not JSON serializable`);
}
