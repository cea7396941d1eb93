/** `datetime.strptime` as CPython's _strptime does it: regex per directive, case-insensitive, full match. */
import { valueError } from "./py-exception";
import { strRepr } from "./py-format";

const DIRECTIVES: Record<string, string> = {
  d: "(?<d>3[0-1]|[1-2]\\d|0[1-9]|[1-9]| [1-9])",
  f: "(?<f>[0-9]{1,6})",
  H: "(?<H>2[0-3]|[0-1]\\d|\\d)",
  I: "(?<I>1[0-2]|0[1-9]|[1-9])",
  j: "(?<j>36[0-6]|3[0-5]\\d|[1-2]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])",
  m: "(?<m>1[0-2]|0[1-9]|[1-9])",
  M: "(?<M>[0-5]\\d|\\d)",
  S: "(?<S>6[0-1]|[0-5]\\d|\\d)",
  y: "(?<y>\\d\\d)",
  Y: "(?<Y>\\d\\d\\d\\d)",
  z: "(?<z>[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z)",
  Z: "(?<Z>utc|gmt)",
  b: "(?<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
  B: "(?<B>january|february|march|april|may|june|july|august|september|october|november|december)",
  a: "(?<a>mon|tue|wed|thu|fri|sat|sun)",
  A: "(?<A>monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
  p: "(?<p>am|pm)",
  "%": "%",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** A parsed datetime: microseconds since 0001-01-01 (naive) plus an optional UTC offset in microseconds. */
export interface ParsedDateTime {
  micros: bigint;
  offsetMicros?: bigint;
}

const cache = new Map<string, RegExp>();

function compile(format: string): RegExp {
  let re = cache.get(format);
  if (re) return re;
  let out = "";
  const seen = new Set<string>();
  for (let i = 0; i < format.length; i++) {
    const c = format[i] ?? "";
    if (c === "%") {
      const d = format[i + 1];
      if (d === undefined) throw valueError(`stray % in format ${strRepr(format)}`);
      const pattern = DIRECTIVES[d];
      if (pattern === undefined) throw valueError(`${strRepr(d)} is a bad directive in format ${strRepr(format)}`);
      // A directive used twice becomes a backreference in CPython; a plain re-match is close enough.
      out += seen.has(d) && d !== "%" ? pattern.replace(/\?<\w>/, "?:") : pattern;
      seen.add(d);
      i++;
    } else if (/\s/.test(c)) {
      while (/\s/.test(format[i + 1] ?? "")) i++;
      out += "\\s+";
    } else out += c.replace(/[\\.^$*+?(){}[\]|]/g, "\\$&");
  }
  re = new RegExp("^(?:" + out + ")", "i");
  cache.set(format, re);
  return re;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysInMonth = (y: number, m: number) =>
  m === 2 && isLeap(y) ? 29 : ([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 31);

function ordinal(y: number, m: number, d: number): number {
  const py = y - 1;
  return (
    py * 365 +
    Math.floor(py / 4) -
    Math.floor(py / 100) +
    Math.floor(py / 400) +
    (DAYS_BEFORE_MONTH[m - 1] ?? 0) +
    (m > 2 && isLeap(y) ? 1 : 0) +
    d
  );
}

export function strptime(value: string, format: string): ParsedDateTime {
  const re = compile(format);
  const m = re.exec(value);
  if (!m) throw valueError(`time data ${strRepr(value)} does not match format ${strRepr(format)}`);
  if (m[0].length !== value.length) throw valueError(`unconverted data remains: ${value.slice(m[0].length)}`);
  const g = m.groups ?? {};
  let year = 1900;
  if (g.Y !== undefined) year = Number(g.Y);
  else if (g.y !== undefined) year = Number(g.y) + (Number(g.y) <= 68 ? 2000 : 1900);
  let month = g.m !== undefined ? Number(g.m) : 1;
  const monthName = g.B ?? g.b;
  if (monthName !== undefined) month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase()) + 1;
  let day = g.d !== undefined ? Number(g.d) : 1;
  let hour = g.H !== undefined ? Number(g.H) : 0;
  if (g.I !== undefined) {
    hour = Number(g.I) % 12;
    if ((g.p ?? "").toLowerCase() === "pm") hour += 12;
  }
  const minute = g.M !== undefined ? Number(g.M) : 0;
  const second = g.S !== undefined ? Number(g.S) : 0;
  const micro = g.f !== undefined ? Number(g.f.padEnd(6, "0")) : 0;
  if (g.j !== undefined && g.m === undefined && g.d === undefined) {
    let doy = Number(g.j);
    month = 1;
    while (doy > daysInMonth(year, month)) doy -= daysInMonth(year, month++);
    day = doy;
  }
  if (day > daysInMonth(year, month)) throw valueError("day is out of range for month");
  if (second > 59) throw valueError("second must be in 0..59");
  const days = BigInt(ordinal(year, month, day));
  const micros = ((days * 24n + BigInt(hour)) * 3600n + BigInt(minute * 60 + second)) * 1_000_000n + BigInt(micro);
  if (g.z === undefined) return { micros };
  let offsetMicros = 0n;
  if (g.z !== undefined && g.z.toUpperCase() !== "Z") {
    const z = /^([+-])(\d\d):?(\d\d)(?::?(\d\d)(?:\.(\d{1,6}))?)?$/.exec(g.z);
    if (z) {
      const secs = Number(z[2]) * 3600 + Number(z[3]) * 60 + Number(z[4] ?? 0);
      const us = BigInt(secs) * 1_000_000n + BigInt((z[5] ?? "").padEnd(6, "0") || "0");
      offsetMicros = z[1] === "-" ? -us : us;
    }
  }
  return { micros, offsetMicros };
}
