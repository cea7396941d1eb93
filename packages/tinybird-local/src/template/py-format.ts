/** Python's str() and repr() for the template value model. */
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
  SqlComment,
  SqlExpression,
  SqlSymbol,
  TypedFloat,
  TypedInt,
  type PyValue,
} from "./py-values";

/** repr(float): shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa = "", expText = "0"] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  const point = exp + 1;
  if (point <= -4 || point > 16) {
    const frac = digits.length > 1 ? "." + digits.slice(1) : "";
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/** repr(str) */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch !== " " && NON_PRINTABLE.test(ch)) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x100) out += "\\x" + cp.toString(16).padStart(2, "0");
      else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
      else out += "\\U" + cp.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return out + quote;
}

export function pyRepr(v: PyValue): string {
  if (typeof v === "string") return strRepr(v);
  if (v instanceof SqlExpression) return strRepr(v.s);
  if (v instanceof TypedInt) return v.value.toString();
  if (v instanceof TypedFloat) return floatRepr(v.value);
  if (v instanceof SqlSymbol) return "<tinybird.sql_template.Symbol object>";
  if (v instanceof SqlComment) return "<tinybird.sql_template.Comment object>";
  if (v instanceof Placeholder) return "<tinybird.sql_template.Placeholder object>";
  if (v instanceof PyExceptionObject) return `${v.pyType}(${strRepr(v.message)})`;
  return pyStr(v);
}

/** str(v) */
export function pyStr(v: PyValue): string {
  if (v === null) return "None";
  switch (typeof v) {
    case "boolean":
      return v ? "True" : "False";
    case "bigint":
      return v.toString();
    case "number":
      return floatRepr(v);
    case "string":
      return v;
  }
  if (Array.isArray(v)) return "[" + v.map(pyRepr).join(", ") + "]";
  if (v instanceof PyTuple) {
    if (v.items.length === 1) return "(" + pyRepr(v.items[0] ?? null) + ",)";
    return "(" + v.items.map(pyRepr).join(", ") + ")";
  }
  if (v instanceof PyDict)
    return (
      "{" +
      v
        .items()
        .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
        .join(", ") +
      "}"
    );
  if (v instanceof PySet) return v.size === 0 ? "set()" : "{" + v.values().map(pyRepr).join(", ") + "}";
  if (v instanceof SqlExpression) return v.s;
  if (v instanceof TypedInt) return `to${v.type}('${v.value}')`;
  if (v instanceof TypedFloat) return `to${v.type}('${floatRepr(v.value)}')`;
  if (v instanceof SqlSymbol) return v.x;
  if (v instanceof SqlComment) return v.text;
  if (v instanceof Placeholder) return "__no_value__";
  if (v instanceof PyFunction) return v.display;
  if (v instanceof PyClass) return `<class '${v.name}'>`;
  if (v instanceof PyRange) {
    const base = `range(${v.start}, ${v.stop}`;
    return v.step === 1n ? base + ")" : `${base}, ${v.step})`;
  }
  if (v instanceof PyExceptionObject) return v.message;
  if (v instanceof PyOpaque) return v.text;
  return String(v);
}
