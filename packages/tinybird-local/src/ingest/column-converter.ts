import { parseType, unwrapType } from "./clickhouse-type";
import { BIG_INTEGER_MARK } from "./parse-json-line";

const BIG_INTEGER_CODE = BIG_INTEGER_MARK.charCodeAt(0);

/** Converts one JSON value for a column; returns the value to send to ClickHouse or throws ConversionError. */
export type Converter = (value: unknown) => unknown;

/** Why a value was quarantined; `kind` picks the message Tinybird uses. */
export class ConversionError extends Error {
  constructor(
    readonly kind: "type" | "range" | "datetime" | "null",
    readonly detail?: { min: string; max: string },
  ) {
    super(kind);
  }
}

const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  Int8: [-128n, 127n],
  Int16: [-32768n, 32767n],
  Int32: [-2147483648n, 2147483647n],
  Int64: [-9223372036854775808n, 9223372036854775807n],
  Int128: [-(2n ** 127n), 2n ** 127n - 1n],
  Int256: [-(2n ** 255n), 2n ** 255n - 1n],
  UInt8: [0n, 255n],
  UInt16: [0n, 65535n],
  UInt32: [0n, 4294967295n],
  UInt64: [0n, 18446744073709551615n],
  UInt128: [0n, 2n ** 128n - 1n],
  UInt256: [0n, 2n ** 256n - 1n],
};

interface Instant {
  seconds: number;
  /** Fraction of the second as written, up to 9 digits. */
  fraction: string;
}

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const MAX_PYTHON_TIMESTAMP = 253402300799;

/** ISO-8601 text (as `ciso8601` reads it; no zone means UTC) or a Unix epoch in seconds, or milliseconds when too large. */
function parseInstant(value: unknown): Instant {
  if (typeof value === "number" && Number.isFinite(value)) {
    const seconds = Math.abs(value) > MAX_PYTHON_TIMESTAMP ? value / 1000 : value;
    if (Math.abs(seconds) > MAX_PYTHON_TIMESTAMP) throw new ConversionError("datetime");
    if (Number.isInteger(seconds)) return { seconds, fraction: "" };
    const whole = Math.floor(seconds);
    return { seconds: whole, fraction: (seconds - whole).toFixed(9).slice(2).replace(/0+$/, "") };
  }
  if (typeof value !== "string") throw new ConversionError("type");
  const match = ISO.exec(value.trim());
  if (!match) throw new ConversionError("datetime");
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const ms = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw new ConversionError("datetime");
  }
  let offset = 0;
  if (zone && zone !== "Z" && zone !== "z") {
    const digits = zone.replace(":", "");
    offset = (digits[0] === "-" ? -1 : 1) * (Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5) || 0) * 60);
  }
  // Date.UTC maps years 0-99 to 1900s; setUTCFullYear keeps them as written.
  check.setUTCFullYear(year);
  return { seconds: Math.floor(check.getTime() / 1000) - offset, fraction: fraction.slice(0, 9) };
}

function formatDateTime(instant: Instant, precision: number): string {
  const text = new Date(instant.seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
  return precision > 0 ? `${text}.${instant.fraction.padEnd(precision, "0").slice(0, precision)}` : text;
}

/** Parses instants and checks them against a type's range (bounds computed once per column). */
function instantIn(min: string, max: string): (value: unknown) => Instant {
  const low = Date.parse(`${min.replace(" ", "T")}Z`) / 1000;
  const high = Date.parse(`${max.replace(" ", "T")}Z`) / 1000;
  return (value) => {
    const instant = parseInstant(value);
    if (instant.seconds < low || instant.seconds > high) throw new ConversionError("range", { min, max });
    return instant;
  };
}

function integerConverter(name: string): Converter {
  const [min, max] = INTEGER_RANGES[name]!;
  const small = max <= 4294967295n && min >= -2147483648n;
  return (value) => {
    let big: bigint;
    if (typeof value === "boolean") return value ? 1 : 0;
    if (typeof value === "number") {
      if (!Number.isInteger(value)) throw new ConversionError("type");
      if (small) {
        if (value < Number(min) || value > Number(max))
          throw new ConversionError("range", { min: `${min}`, max: `${max}` });
        return value;
      }
      big = BigInt(value);
    } else if (typeof value === "string" && value.startsWith(BIG_INTEGER_MARK)) {
      big = BigInt(value.slice(1));
    } else {
      throw new ConversionError("type");
    }
    if (big < min || big > max) throw new ConversionError("range", { min: `${min}`, max: `${max}` });
    // Outside ±2^53 a JSON number would lose digits on the way to ClickHouse; it reads quoted integers too.
    return Number.isSafeInteger(Number(big)) ? Number(big) : big.toString();
  };
}

const UUID_TEXT = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/** Builds the converter for a column type, mirroring Tinybird's NDJSON rules (docs/tinybird-compat.md §1.4). */
export function converterFor(type: string, options: { insideArray?: boolean } = {}): Converter {
  const { base, nullable } = unwrapType(type);
  const { name, args } = parseType(base);
  const inner = baseConverter(name, args);
  if (!nullable) return inner;
  return (value) => {
    if (value === null) return null;
    try {
      return inner(value);
    } catch (error) {
      // Tinybird stores NULL instead of quarantining a bad date, or a non-number inside an array, when NULL is allowed.
      if (
        error instanceof ConversionError &&
        (error.kind === "datetime" || (options.insideArray && error.kind === "type"))
      ) {
        return null;
      }
      throw error;
    }
  };
}

function baseConverter(name: string, args: string[]): Converter {
  if (name === "String" || name === "FixedString") {
    return (value) => {
      if (typeof value === "string" && value.charCodeAt(0) !== BIG_INTEGER_CODE) return value;
      if (value !== null && typeof value === "object" && !Array.isArray(value)) return JSON.stringify(value);
      throw new ConversionError(value === null ? "null" : "type");
    };
  }
  if (name in INTEGER_RANGES) return integerConverter(name);
  if (name === "Float32" || name === "Float64") {
    return (value) => {
      if (typeof value === "number") return value;
      if (typeof value === "boolean") return value ? 1 : 0;
      if (typeof value === "string" && value.startsWith(BIG_INTEGER_MARK)) return Number(value.slice(1));
      throw new ConversionError("type");
    };
  }
  if (name === "Bool" || name === "Boolean") {
    return (value) => {
      if (value === true || value === 1) return true;
      if (value === false || value === 0) return false;
      throw new ConversionError("type");
    };
  }
  if (name === "DateTime") {
    const instant = instantIn("1970-01-01 00:00:00", "2106-02-07 06:28:15");
    return (value) => instant(value).seconds;
  }
  if (name === "DateTime64") {
    const precision = Number(args[0] ?? 3);
    const instant = instantIn("1925-01-01 00:00:00", "2283-11-11 23:59:59");
    // The Z keeps ClickHouse from reading the text in the column's own time zone.
    return (value) => `${formatDateTime(instant(value), precision)}Z`;
  }
  if (name === "Date") {
    const instant = instantIn("1970-01-01 00:00:00", "2149-06-06 23:59:59");
    return (value) => formatDateTime(instant(value), 0).slice(0, 10);
  }
  if (name === "Date32") {
    const instant = instantIn("1925-01-01 00:00:00", "2283-11-11 23:59:59");
    return (value) => formatDateTime(instant(value), 0).slice(0, 10);
  }
  if (name === "UUID") {
    return (value) => {
      const match = typeof value === "string" ? UUID_TEXT.exec(value) : null;
      if (!match) throw new ConversionError("type");
      return match.slice(1).join("-").toLowerCase();
    };
  }
  if (name.startsWith("Decimal")) {
    return (value) => {
      if (typeof value === "number") return value;
      if (
        typeof value === "string" &&
        /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.replace(BIG_INTEGER_MARK, ""))
      ) {
        return value.replace(BIG_INTEGER_MARK, "");
      }
      throw new ConversionError("type");
    };
  }
  if (name === "Array" && args[0]) {
    const item = converterFor(args[0], { insideArray: true });
    return (value) => {
      if (!Array.isArray(value)) throw new ConversionError("type");
      return value.map(item);
    };
  }
  if (name === "Map" && args[1]) {
    const item = converterFor(args[1], { insideArray: true });
    return (value) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ConversionError("type");
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value)) out[key] = item(entry);
      return out;
    };
  }
  // Other types (Tuple, IPv4, Enum, JSON…) go through as sent; ClickHouse validates them.
  return (value) => value;
}

/** Python's type name of a JSON value, as Tinybird's quarantine messages print it. */
export function pythonTypeName(value: unknown): string {
  if (value === null) return "NoneType";
  if (typeof value === "string") return value.startsWith(BIG_INTEGER_MARK) ? "int" : "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return Array.isArray(value) ? "list" : "dict";
}
