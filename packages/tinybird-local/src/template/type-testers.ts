/** The value testers behind the typed parameter functions (tinybird/datatypes.py `testers`). */

// Python's `\s` and `.` (no DOTALL) differ from JavaScript's; spell them out.
const S = "[ \\t\\n\\r\\f\\v\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const ANY = "[^\\n]";
const D = "[0-9]";

// re.match only anchors at the start; these patterns accept any trailing text.
const DATETIME64 = [
  new RegExp(`^${D}{4}${ANY}${D}{2}${ANY}${D}{2}(?:T|${S})${D}{2}:${D}{2}:${D}{2}${ANY}${D}{3}`),
  new RegExp(`^${D}{2}${ANY}${D}{2}${ANY}${D}{4}${ANY}${D}{1,2}:${D}{1,2}:${D}{1,2}${ANY}${D}{1,3}`),
];
const DATETIME = [
  new RegExp(`^${D}{4}${ANY}${D}{2}${ANY}${D}{2}(?:T|${S})${D}{2}:${D}{2}:${D}{2}`),
  new RegExp(`^${D}{2}${ANY}${D}{2}${ANY}${D}{4}${ANY}${D}{1,2}:${D}{1,2}:${D}{1,2}`),
];
// Python's `$` also matches just before a trailing newline.
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}\n?$/;
const INT = /^[+-]?[0-9]+\n?$/;
const UINT = /^[0-9]+\n?$/;

const BOOL_VALUES = new Set([
  "true",
  "false",
  "True",
  "False",
  "T",
  "F",
  "Y",
  "N",
  "Yes",
  "No",
  "On",
  "Off",
  "Enable",
  "Disable",
  "Enabled",
  "Disabled",
  "1",
  "0",
]);

/** Python int() of a string already known to match INT/UINT. */
function parseIntText(s: string): bigint {
  const t = s.endsWith("\n") ? s.slice(0, -1) : s;
  return BigInt(t.startsWith("+") ? t.slice(1) : t);
}

const PY_FLOAT =
  /^[+-]?(?:(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?|inf|infinity|nan)$/i;
const PY_SPACE = new RegExp(`^${S}+|${S}+$`, "g");

/** Python float(str): the parsed value, or undefined where Python raises ValueError. */
export function parsePyFloat(s: string): number | undefined {
  const t = s.replace(PY_SPACE, "");
  if (!PY_FLOAT.test(t)) return undefined;
  const lower = t.toLowerCase().replace(/_/g, "");
  if (lower.endsWith("nan")) return NaN;
  if (lower.endsWith("inf") || lower.endsWith("infinity")) return lower.startsWith("-") ? -Infinity : Infinity;
  return Number(lower);
}

function intRange(re: RegExp, min: bigint, max: bigint): (x: string) => boolean {
  return (x) => {
    if (!re.test(x)) return false;
    const n = parseIntText(x);
    return n >= min && n < max;
  };
}

export const TESTERS: Record<string, (x: string) => boolean> = {
  DateTime64: (x) => DATETIME64.some((p) => p.test(x)),
  DateTime: (x) => DATETIME.some((p) => p.test(x)),
  Date: (x) => DATE.test(x),
  Int8: intRange(INT, -(2n ** 7n), 2n ** 7n),
  UInt8: intRange(UINT, 0n, 2n ** 8n),
  Int16: intRange(INT, -(2n ** 15n), 2n ** 15n),
  UInt16: intRange(UINT, 0n, 2n ** 16n),
  Int32: intRange(INT, -(2n ** 31n), 2n ** 31n),
  UInt32: intRange(UINT, 0n, 2n ** 32n),
  Int64: intRange(INT, -(2n ** 63n), 2n ** 63n),
  UInt64: intRange(UINT, 0n, 2n ** 64n),
  Int128: intRange(INT, -(2n ** 127n), 2n ** 127n),
  UInt128: intRange(INT, 0n, 2n ** 128n),
  Int256: intRange(INT, -(2n ** 255n), 2n ** 255n),
  UInt256: intRange(INT, 0n, 2n ** 256n),
  Float32: (x) => !x.includes("_") && parsePyFloat(x) !== undefined,
  Float64: (x) => !x.includes("_") && parsePyFloat(x) !== undefined,
  Bool: (x) => BOOL_VALUES.has(x),
};
