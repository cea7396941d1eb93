import { describe, expect, it } from "vitest";
import { ConversionError, converterFor } from "../../src/ingest/column-converter";
import { ABSENT, compileJsonPath, readJsonPath } from "../../src/ingest/json-path";
import { parseJsonLine } from "../../src/ingest/parse-json-line";

const convert = (type: string, value: unknown) => converterFor(type)(value);
const failure = (type: string, value: unknown) => {
  try {
    convert(type, value);
  } catch (error) {
    return (error as ConversionError).kind;
  }
  return "converted";
};

describe("jsonpaths", () => {
  const row = { a: { b: 1, "c.d": 2 }, list: [{ id: 1 }, { id: 2 }], tags: ["x", "y"] };
  it.each([
    ["$.a.b", 1],
    ["$.a.['c.d']", 2],
    ["$.list[:].id", [1, 2]],
    ["$.tags[:]", ["x", "y"]],
    ["$.missing", ABSENT],
    ["$.a.b.c", ABSENT],
  ])("reads %s", (path, expected) => {
    expect(readJsonPath(row, compileJsonPath(path))).toEqual(expected);
  });

  it("rejects paths outside Tinybird's subset", () => {
    expect(() => compileJsonPath("a.b")).toThrow("Invalid JSONPath: 'a.b'");
    expect(() => compileJsonPath('$.["x"]')).toThrow("The path inside brackets should be single quoted");
    expect(() => compileJsonPath("$.a[:].b[:]")).toThrow("Nested arrays are not supported");
  });
});

describe("parseJsonLine", () => {
  it("keeps integers beyond 2^53 exact, and leaves strings with digits alone", () => {
    const parsed = parseJsonLine('{"id": 18446744073709551615, "s": "12345678901234567890", "f": 1.5}') as Record<
      string,
      unknown
    >;
    expect(convert("UInt64", parsed.id)).toBe("18446744073709551615");
    expect(parsed.s).toBe("12345678901234567890");
    expect(parsed.f).toBe(1.5);
  });
});

describe("converterFor", () => {
  it("follows Tinybird's NDJSON type rules", () => {
    expect(convert("DateTime", "2024-01-02T03:04:05Z")).toBe(1704164645);
    expect(convert("DateTime", "2024-01-02 05:04:05+02:00")).toBe(1704164645);
    expect(convert("DateTime", 1704164645)).toBe(1704164645);
    expect(convert("DateTime", 1704164645123)).toBe(1704164645);
    expect(convert("DateTime64(3, 'UTC')", "2024-01-02T03:04:05.1Z")).toBe("2024-01-02 03:04:05.100Z");
    expect(convert("Date", "2024-01-02 23:59:59")).toBe("2024-01-02");
    expect(convert("LowCardinality(String)", { nested: true })).toBe('{"nested":true}');
    expect(convert("Int16", true)).toBe(1);
    expect(convert("Bool", 0)).toBe(false);
    expect(convert("UUID", "{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}")).toBe("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    expect(convert("Array(Nullable(Int32))", [1, "x", null])).toEqual([1, null, null]);
    expect(convert("Map(String, UInt8)", { a: 1 })).toEqual({ a: 1 });
    expect(convert("Nullable(DateTime)", "not a date")).toBeNull();
  });

  it.each([
    ["String", 5, "type"],
    ["Int32", 1.5, "type"],
    ["Int32", "5", "type"],
    ["UInt8", 256, "range"],
    ["UInt8", -1, "range"],
    ["DateTime", "2024-02-30 00:00:00", "datetime"],
    ["DateTime", "1969-12-31 23:59:59", "range"],
    ["Bool", "true", "type"],
    ["Array(String)", "x", "type"],
  ])("quarantines %s ← %j (%s)", (type, value, kind) => {
    expect(failure(type, value)).toBe(kind);
  });
});
