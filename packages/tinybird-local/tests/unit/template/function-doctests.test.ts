/**
 * Doctests of Tinybird's template functions (sql_template.py, datatypes.py, tornado_template.check_valid_code),
 * called with Python values exactly as the doctests call them.
 */
import { describe, expect, it } from "vitest";
import { PyException } from "../../../src/template/py-exception";
import { pyRepr } from "../../../src/template/py-format";
import { renderTemplateWithSecrets, TemplateError } from "../../../src/template/index";
import { Placeholder, type PyValue } from "../../../src/template/py-values";
import { checkValidCode } from "../../../src/template/security-check";
import { TESTERS } from "../../../src/template/type-testers";
import { callFn } from "./template-test-helpers";

const P = () => new Placeholder();

function raised(f: () => unknown): PyException {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PyException);
    return e as PyException;
  }
  throw new Error("expected a Python exception");
}

describe("boolean doctests", () => {
  it.each<[PyValue, PyValue | undefined, bigint]>([
    [true, undefined, 1n],
    [false, undefined, 0n],
    ["TRUE", undefined, 1n],
    ["FALSE", undefined, 0n],
    ["true", undefined, 1n],
    ["false", undefined, 0n],
    [1n, undefined, 1n],
    [0n, undefined, 0n],
    ["1", undefined, 1n],
    ["0", undefined, 0n],
    [null, undefined, 0n],
    [null, true, 1n],
    [null, false, 0n],
    [null, "TRUE", 1n],
    [null, "FALSE", 0n],
  ])("boolean(%o, default=%o) == %o", (x, dflt, expected) => {
    expect(callFn("Boolean", [x], dflt === undefined ? {} : { default: dflt })).toBe(expected);
  });

  it.each<[PyValue | undefined, bigint]>([
    [undefined, 0n],
    [true, 1n],
    [false, 0n],
    ["TRUE", 1n],
    ["FALSE", 0n],
  ])("boolean(Placeholder(), default=%o) == %o", (dflt, expected) => {
    expect(callFn("Boolean", [P()], dflt === undefined ? {} : { default: dflt })).toBe(expected);
  });

  it("accepts no kwargs besides default (TypeError)", () => {
    expect(raised(() => callFn("Boolean", ["1"], { description: "x" })).message).toBe(
      "boolean() got an unexpected keyword argument 'description'",
    );
  });
});

describe("sql_unescape doctests", () => {
  it("unescapes only the requested character", () => {
    expect(pyRepr(callFn("sql_unescape", ["testing%", "%"]))).toBe(`"'testing%'"`);
    expect(pyRepr(callFn("sql_unescape", ["testing%", "$"]))).toBe(`"'testing\\\\%'"`);
    expect(pyRepr(callFn("sql_unescape", ['testing"']))).toBe(`'\\'testing"\\''`);
  });
});

describe("enumerate_with_last doctests", () => {
  it("flags the last element", () => {
    expect(pyRepr(callFn("enumerate_with_last", [[1n, 2n]]))).toBe("[(False, 1), (True, 2)]");
    expect(pyRepr(callFn("enumerate_with_last", [[1n]]))).toBe("[(True, 1)]");
  });
});

describe("day_diff doctests", () => {
  it.each<[PyValue, PyValue, bigint]>([
    ["2019-01-01", "2019-01-01", 0n],
    ["2019-01-01", "2019-01-02", 1n],
    ["2019-01-02", "2019-01-01", 1n],
    ["2019-01-02", "2019-02-01", 30n],
    ["2019-02-01", "2019-01-02", 30n],
  ])("day_diff(%s, %s) == %s", (a, b, expected) => {
    expect(callFn("day_diff", [a, b])).toBe(expected);
  });

  it("is 0 for placeholders", () => {
    expect(callFn("day_diff", [P(), P()])).toBe(0n);
    expect(callFn("day_diff", [P(), ""])).toBe(0n);
  });

  it("explains the expected format", () => {
    expect(raised(() => callFn("day_diff", ["2019-01-01", "2019/01/02"])).message).toBe(
      "Template Syntax Error: invalid date format in function `day_diff`, it must be ISO format date YYYY-MM-DD, e.g. 2018-09-26. For other fotmats, try `date_diff_in_days`",
    );
  });
});

type Kw = Record<string, PyValue>;

describe("date_diff_in_days doctests", () => {
  it.each<[PyValue, PyValue, PyValue[], Kw, bigint | null]>([
    ["2019-01-01", "2019-01-01", [], {}, 0n],
    ["2019-01-01", "2019-01-02", [], {}, 1n],
    ["2019-01-02", "2019-01-01", [], {}, 1n],
    ["2019-01-02", "2019-02-01", [], {}, 30n],
    ["2019-02-01 20:00:00", "2019-01-02 20:00:00", [], { date_format: "%Y-%m-%d %H:%M:%S" }, 30n],
    ["2019-02-01", "2019-01-02", [], {}, 30n],
    ["2019-01-01", "2019/01/01", [], { backup_date_format: "%Y/%m/%d" }, 0n],
    ["2019-01-01", "2019/01/04", [], { backup_date_format: "%Y/%m/%d" }, 3n],
    ["2019/01/04", "2019-01-01", [], { backup_date_format: "%Y/%m/%d" }, 3n],
    ["2019-02-01T20:00:00z", "2019-02-15", ["%Y-%m-%dT%H:%M:%Sz"], { backup_date_format: "%Y-%m-%d" }, 13n],
    [
      "2019-02-01 20:00:00",
      "2019-02-15",
      ["%Y-%m-%dT%H:%M:%Sz"],
      { backup_date_format: "%Y-%m-%d", none_if_error: true },
      null,
    ],
    ["2019-01-01", "2019-00-02", [], { none_if_error: true }, null],
    ["2019-01-01 00:00:00", "2019-01-02 00:00:00", [], { none_if_error: true }, null],
  ])("date_diff_in_days(%s, %s, %o, %o) == %o", (a, b, extra, kw, expected) => {
    expect(callFn("date_diff_in_days", [a, b, ...extra], kw)).toBe(expected);
  });

  it("is 0 for placeholders", () => {
    expect(callFn("date_diff_in_days", [P(), P()])).toBe(0n);
    expect(callFn("date_diff_in_days", [P(), ""])).toBe(0n);
  });
});

describe("date_diff_in_hours doctests", () => {
  it.each<[PyValue, PyValue, PyValue[], Kw, bigint | null]>([
    ["2022-12-19T18:42:23.521Z", "2022-12-19T18:42:23.521Z", [], { date_format: "%Y-%m-%dT%H:%M:%S.%fz" }, 0n],
    ["2022-12-19T20:43:22Z", "2022-12-19T18:42:23Z", ["%Y-%m-%dT%H:%M:%Sz"], {}, 2n],
    ["2022-12-14 18:42:22", "2022-12-19 18:42:22", [], {}, 120n],
    ["2022-12-19 18:42:23.521", "2022-12-19 18:42:24.521", ["%Y-%m-%d %H:%M:%S.%f"], {}, 0n],
    [
      "2022-12-19T03:22:12.102Z",
      "2022-12-19",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", backup_date_format: "%Y-%m-%d" },
      3n,
    ],
    ["2022-12-19", "2022-12-19", ["%Y-%m-%dT%H:%M:%Sz"], { backup_date_format: "%Y-%m-%d" }, 0n],
    ["2022-12-19", "2022-12-18", ["%Y-%m-%dT%H:%M:%Sz"], { backup_date_format: "%Y-%m-%d" }, 24n],
    ["2022-12-19", "2022-12-19 02:01:00", [], { backup_date_format: "%Y-%m-%d" }, 2n],
    [
      "2022-25-19T00:00:03.521Z",
      "2022-12-19",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", backup_date_format: "%Y-%m-%d", none_if_error: true },
      null,
    ],
    [
      "2022-25-19 00:00:03",
      "2022-12-19",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", backup_date_format: "%Y-%m-%d", none_if_error: true },
      null,
    ],
    ["2022-12-19", "2022-25-19", ["%Y-%m-%dT%H:%M:%Sz"], { backup_date_format: "%Y-%m-%d", none_if_error: true }, null],
    ["2022-12-19", "2022-25-19 00:01:00", [], { backup_date_format: "%Y-%m-%d", none_if_error: true }, null],
    ["2022-12-32 18:42:22", "2022-12-19 18:42:22", [], { none_if_error: true }, null],
    ["2022-12-18T18:42:22Z", "2022-12-19T18:42:22Z", [], { none_if_error: true }, null],
  ])("date_diff_in_hours(%s, %s, %o, %o) == %o", (a, b, extra, kw, expected) => {
    expect(callFn("date_diff_in_hours", [a, b, ...extra], kw)).toBe(expected);
  });

  it("is 0 for placeholders and explains bad formats", () => {
    expect(callFn("date_diff_in_hours", [P(), P()])).toBe(0n);
    expect(callFn("date_diff_in_hours", [P(), ""])).toBe(0n);
    expect(raised(() => callFn("date_diff_in_hours", ["2022/12/19", "2022-12-19"])).message).toBe(
      "Template Syntax Error: invalid date_format in function `date_diff_in_hours`, defaults to YYYY-MM-DD hh:mm:ss. Or %Y-%m-%d %H:%M:%S [.ssssss]Z, e.g. ms: 2022-12-19T18:42:22.591Z s:2022-12-19T18:42:22Z",
    );
  });
});

describe("date_diff_in_minutes doctests", () => {
  it.each<[PyValue, PyValue, PyValue[], Kw, bigint | null]>([
    ["2022-12-19T18:42:23.521Z", "2022-12-19T18:42:23.521Z", [], { date_format: "%Y-%m-%dT%H:%M:%S.%fz" }, 0n],
    ["2022-12-19T18:43:22Z", "2022-12-19T18:42:23Z", ["%Y-%m-%dT%H:%M:%Sz"], {}, 0n],
    ["2022-12-14 18:42:22", "2022-12-19 18:42:22", [], {}, 7200n],
    ["2022-12-19 18:42:23.521", "2022-12-19 18:42:24.521", ["%Y-%m-%d %H:%M:%S.%f"], {}, 0n],
    [
      "2022-12-19T03:22:12.102Z",
      "2022-12-19",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", backup_date_format: "%Y-%m-%d" },
      202n,
    ],
    ["2022-12-19", "2022-12-19", ["%Y-%m-%dT%H:%M:%Sz"], { backup_date_format: "%Y-%m-%d" }, 0n],
    ["2022-12-19", "2022-12-18", ["%Y-%m-%dT%H:%M:%Sz"], { backup_date_format: "%Y-%m-%d" }, 1440n],
    ["2022-12-19", "2022-12-19 00:01:00", [], { backup_date_format: "%Y-%m-%d" }, 1n],
    [
      "2022-25-19T00:00:03.521Z",
      "2022-12-19",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", backup_date_format: "%Y-%m-%d", none_if_error: true },
      null,
    ],
    ["2022-12-19", "2022-25-19", ["%Y-%m-%dT%H:%M:%Sz"], { backup_date_format: "%Y-%m-%d", none_if_error: true }, null],
    ["2022-12-19", "2022-25-19 00:01:00", [], { backup_date_format: "%Y-%m-%d", none_if_error: true }, null],
    [
      "2022-25-19T00:00:03.521Z",
      "2022-12-19 00:23:12",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", backup_date_format: "%Y-%m-%d", none_if_error: true },
      null,
    ],
    ["2022-12-14 18:42:22", "2022/12/19 18:42:22", [], { none_if_error: true }, null],
    [
      "2022-12-14 18:42:22",
      "2022/12/19 18:42:22",
      [],
      { date_format: "%Y/%m/%dT%H:%M:%S.%fz", none_if_error: true },
      null,
    ],
  ])("date_diff_in_minutes(%s, %s, %o, %o) == %o", (a, b, extra, kw, expected) => {
    expect(callFn("date_diff_in_minutes", [a, b, ...extra], kw)).toBe(expected);
  });

  it("is 0 for placeholders and keeps Tinybird's seconds-named message", () => {
    expect(callFn("date_diff_in_minutes", [P(), P()])).toBe(0n);
    expect(callFn("date_diff_in_minutes", [P(), ""])).toBe(0n);
    expect(raised(() => callFn("date_diff_in_minutes", ["x", "y"])).message).toContain(
      "invalid date_format in function `date_diff_in_seconds`",
    );
  });
});

describe("date_diff_in_seconds doctests", () => {
  it.each<[PyValue, PyValue, PyValue[], Kw, bigint | null]>([
    ["2022-12-19T18:42:23.521Z", "2022-12-19T18:42:23.521Z", [], { date_format: "%Y-%m-%dT%H:%M:%S.%fz" }, 0n],
    ["2022-12-19T18:42:22Z", "2022-12-19T18:42:23Z", ["%Y-%m-%dT%H:%M:%Sz"], {}, 1n],
    ["2022-12-19 18:42:22", "2022-12-19 18:43:22", [], {}, 60n],
    ["2022-12-14 18:42:22", "2022-12-19 18:42:22", [], {}, 432000n],
    ["2022-12-19T18:42:23.521Z", "2022-12-19T18:42:23.531Z", ["%Y-%m-%dT%H:%M:%S.%fz"], {}, 0n],
    ["2022-12-19 18:42:23.521", "2022-12-19 18:42:24.521", ["%Y-%m-%d %H:%M:%S.%f"], {}, 1n],
    ["2022-12-19T18:42:23.521Z", "2022-12-19T18:44:23.531Z", ["%Y-%m-%dT%H:%M:%S.%fz"], {}, 120n],
    [
      "2022-12-19T00:00:03.521Z",
      "2022-12-19",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", backup_date_format: "%Y-%m-%d" },
      3n,
    ],
    ["2022-12-19", "2022-12-19", ["%Y-%m-%dT%H:%M:%Sz"], { backup_date_format: "%Y-%m-%d" }, 0n],
    ["2022-12-19", "2022-12-19 00:01:00", [], { backup_date_format: "%Y-%m-%d" }, 60n],
    [
      "2022-25-19T00:00:03.521Z",
      "2022-12-19",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", backup_date_format: "%Y-%m-%d", none_if_error: true },
      null,
    ],
    ["2022-12-19", "2022-25-19", ["%Y-%m-%dT%H:%M:%Sz"], { backup_date_format: "%Y-%m-%d", none_if_error: true }, null],
    ["2022-12-19", "2022-25-19 00:01:00", [], { backup_date_format: "%Y-%m-%d", none_if_error: true }, null],
    [
      "2022-10-19T00:00:03.521Z",
      "2022/12/19",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", backup_date_format: "%Y-%m-%d", none_if_error: true },
      null,
    ],
    [
      "2022-10-19 00:00:03",
      "2022-10-19 00:05:03",
      [],
      { date_format: "%Y-%m-%dT%H:%M:%S.%fz", none_if_error: true },
      null,
    ],
    ["2022/12/19 00:00:03", "2022-10-19 00:05:03", [], { none_if_error: true }, null],
    ["2022-25-19 00:00:03", "2022-10-19 00:05:03", [], { none_if_error: true }, null],
  ])("date_diff_in_seconds(%s, %s, %o, %o) == %o", (a, b, extra, kw, expected) => {
    expect(callFn("date_diff_in_seconds", [a, b, ...extra], kw)).toBe(expected);
  });

  it("is 0 for placeholders", () => {
    expect(callFn("date_diff_in_seconds", [P(), P()])).toBe(0n);
    expect(callFn("date_diff_in_seconds", [P(), ""])).toBe(0n);
  });
});

describe("json_type doctests", () => {
  it("parses strings and passes structures through", () => {
    expect(pyRepr(callFn("JSON", [null, "[]"]))).toBe("[]");
    expect(pyRepr(callFn("JSON", [null]))).toBe("{}");
    expect(pyRepr(callFn("JSON", ['{"a": 1}']))).toBe("{'a': 1}");
    expect(pyRepr(callFn("JSON", ['[{"a": 1}]']))).toBe("[{'a': 1}]");
  });

  it("keeps Python's int/float distinction and quotes at most 16 characters in errors", () => {
    expect(pyRepr(callFn("JSON", ['{"a": 1.0, "b": [true, null, 1e2]}']))).toBe("{'a': 1.0, 'b': [True, None, 100.0]}");
    expect(raised(() => callFn("JSON", ['{"operand": "metadata.x", oops}'])).message).toBe(
      'Template Syntax Error: Error parsing JSON: \'{"operand": "met...\' - Expecting property name enclosed in double quotes: line 1 column 27 (char 26)',
    );
  });
});

describe("datatypes testers (test_numeric_testers doctests)", () => {
  it.each<[string, bigint, boolean]>([
    ["Int32", 2n ** 31n - 1n, true],
    ["Int32", -(2n ** 31n), true],
    ["Int32", -(2n ** 31n) - 1n, false],
    ["Int32", 2n ** 31n, false],
    ["Int64", 2n ** 63n - 1n, true],
    ["Int64", -(2n ** 63n), true],
    ["Int64", -(2n ** 63n) - 1n, false],
    ["Int64", 2n ** 63n, false],
  ])("%s tester of %s is %s", (type, n, ok) => {
    expect(TESTERS[type]?.(n.toString())).toBe(ok);
  });

  it("matches Date exactly, DateTime by prefix, DateTime64 with milliseconds", () => {
    expect(TESTERS.Date?.("2024-01-31")).toBe(true);
    expect(TESTERS.Date?.("20240131")).toBe(false);
    expect(TESTERS.Date?.("2024-01-31 00:00:00")).toBe(false);
    expect(TESTERS.DateTime?.("2024-01-31T10:00:00.123Z")).toBe(true);
    expect(TESTERS.DateTime?.("2024-01-31")).toBe(false);
    expect(TESTERS.DateTime64?.("2024-01-31 10:00:00")).toBe(false);
    expect(TESTERS.DateTime64?.("2024-01-31 10:00:00.000")).toBe(true);
    expect(TESTERS.UInt8?.("-1")).toBe(false);
    expect(TESTERS.Float32?.("1_000")).toBe(false);
    expect(TESTERS.Float32?.(" 1e3 ")).toBe(true);
  });
});

describe("check_valid_code doctests", () => {
  it.each([
    ["888**99 / 888**999998", "Invalid BinOp: Div()"],
    ["len([1] * 10**7)", "Invalid BinOp: Pow()"],
    ['eval("1+1")', "Invalid function name: eval"],
    ["globals()", "Invalid function name: globals"],
    ['dir(globals()["__builtins__"])', "Invalid function name: dir"],
    ['globals()["__builtins__"]["open"]("/etc/passwd").read()', "Invalid method name: read"],
    ['globals()["__builtins__"]["__import__"](\'os\').popen("ls /").read()', "Invalid method name: read"],
    [
      "globals.__self__",
      "Invalid expression type: Attribute(value=Name(id='globals', ctx=Load()), attr='__self__', ctx=Load())",
    ],
    [
      "dir.__self__",
      "Invalid expression type: Attribute(value=Name(id='dir', ctx=Load()), attr='__self__', ctx=Load())",
    ],
    [
      "len.__self__",
      "Invalid expression type: Attribute(value=Name(id='len', ctx=Load()), attr='__self__', ctx=Load())",
    ],
  ])("%s → %s", (code, message) => {
    const e = raised(() => checkValidCode(code));
    expect(e.pyType).toBe("SecurityException");
    expect(e.message).toBe(message);
  });
});

describe("render_template_with_secrets doctests (.datasource / .connection files)", () => {
  const line = (call: string) => `KAFKA_BOOTSTRAP_SERVERS {{ ${call} }}`;

  it('renders the secret value, else the default, with an empty value as ""', () => {
    expect(
      renderTemplateWithSecrets(line("tb_secret('PRODUCTION_KAFKA_SERVERS', 'localhost:9092')"), {
        PRODUCTION_KAFKA_SERVERS: "server1:9092,server2:9092",
      }),
    ).toBe("KAFKA_BOOTSTRAP_SERVERS server1:9092,server2:9092");
    expect(renderTemplateWithSecrets(line("tb_secret('MISSING_SECRET', 'localhost:9092')"), {})).toBe(
      "KAFKA_BOOTSTRAP_SERVERS localhost:9092",
    );
    expect(renderTemplateWithSecrets(line("tb_secret('MISSING_SECRET', '')"), {})).toBe('KAFKA_BOOTSTRAP_SERVERS ""');
    expect(renderTemplateWithSecrets(line("tb_secret('MISSING_SECRET', 0)"), {})).toBe("KAFKA_BOOTSTRAP_SERVERS 0");
  });

  it("refuses a missing secret without a default", () => {
    expect(() => renderTemplateWithSecrets(line("tb_secret('MISSING_SECRET')"), {})).toThrow(TemplateError);
    expect(() => renderTemplateWithSecrets(line("tb_secret('MISSING_SECRET')"), {})).toThrow(
      "Template Syntax Error: Cannot access secret 'MISSING_SECRET'. Check the secret exists in the Workspace and the token has the required scope.",
    );
  });

  it("reports other failures as rendering errors", () => {
    expect(() => renderTemplateWithSecrets("{{ unknown_name }}", {})).toThrow(
      "Template Syntax Error: Error rendering template with secrets: name 'unknown_name' is not defined",
    );
  });
});
