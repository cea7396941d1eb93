/**
 * The Python behaviour Tinybird templates leak: truthiness, str()/repr() of every value kind, escaping (docs/tinybird-compat.md §4.4),
 * value → SQL rendering (§4.3), typed parameters and their validation, builtins and request value types.
 * Expected strings were checked against CPython 3.11.
 */
import { describe, expect, it } from "vitest";
import { renderSqlTemplate } from "../../../src/template/index";
import { errorMessage, sql, testSql } from "./template-test-helpers";

describe("truthiness in {% if %}", () => {
  it.each<[unknown, string]>([
    ["", "F"],
    [null, "F"],
    [0, "F"],
    [[], "F"],
    [{}, "F"],
    [false, "F"],
    ["0", "T"],
    ["false", "T"],
    [" ", "T"],
    [0.5, "T"],
    [[0], "T"],
  ])("%o is %s", (value, expected) => {
    expect(sql("{% if x %}T{% else %}F{% end %}", { x: value })).toBe(expected);
  });

  it("treats an absent parameter as None and an empty one as defined", () => {
    expect(sql("{% if defined(x) %}D{% end %}{% if x %}T{% else %}F{% end %}", {})).toBe("F");
    expect(sql("{% if defined(x) %}D{% end %}{% if x %}T{% else %}F{% end %}", { x: "" })).toBe("DF");
    expect(sql("{{ String(x, 'default') }}", { x: "" })).toBe("''");
  });

  it("short-circuits and/or and returns the operand", () => {
    expect(sql("{% set v = a or b %}{{ v }}{% set w = a and b %}{{ w }}", { a: "", b: "x" })).toBe("'x'''");
  });
});

describe("value → SQL text (docs/tinybird-compat.md §4.3)", () => {
  it.each<[unknown, string]>([
    ["it's", "'it\\'s'"],
    [5, "5"],
    [-7, "-7"],
    [1.5, "1.5"],
    [true, "True"],
    [false, "False"],
    [["a", "it's"], `['a', "it's"]`],
    [[1, 2.5, null, true], "[1, 2.5, None, True]"],
    [{ a: [1], b: "x" }, "{'a': [1], 'b': 'x'}"],
    [12345678901234567890n, "12345678901234567890"],
  ])("bare {{ x }} with %o renders %s", (value, expected) => {
    expect(sql("{{ x }}", { x: value })).toBe(expected);
  });

  it("renders typed integers as to<Type>() calls, and arithmetic on them as plain ints", () => {
    expect(
      sql("{{ Int32(a, 10) }} {{ UInt8(a, 10) }} {{ Int32(a, 10) + 1 }} {{ Int(a, 10) }} {{ Integer(a, 10) }}", {
        a: "7",
      }),
    ).toBe("toInt32('7') toUInt8('7') 8 7 7");
  });

  it.each([
    ["1e16", "1e+16"],
    ["1e15", "1000000000000000.0"],
    ["123456789012345678", "1.2345678901234568e+17"],
    ["0.00001", "1e-05"],
    ["0.0001", "0.0001"],
    ["0.1", "0.1"],
    ["-0", "-0.0"],
    ["2.5e-7", "2.5e-07"],
    [" inf ", "inf"],
    ["nan", "nan"],
  ])("float(%s) renders Python's repr %s", (input, expected) => {
    expect(sql("{{ float(x) }}", { x: input })).toBe(expected);
    expect(sql("{{ Float64(x) }}", { x: input })).toBe(`toFloat64('${expected}')`);
  });

  it("renders split_to_array as a Python list repr of stripped parts", () => {
    expect(sql("{{ split_to_array(x) }}", { x: " a, b ,it's" })).toBe(`['a', 'b', "it's"]`);
    expect(sql("{{ split_to_array(x, '', '|') }}", { x: "a|b" })).toBe("['a', 'b']");
    expect(sql("{{ split_to_array(x, 'd1,d2') }}")).toBe("['d1', 'd2']");
  });

  it("renders builtins named like absent parameters (Tinybird's Python leak)", () => {
    expect(sql("{{ String(filter, 'f') }} {% if defined(type) %}typed{% end %} {{ filter }}")).toBe(
      "'<class \\'filter\\'>' typed <class 'filter'>",
    );
    expect(sql("{{ String(filter, 'f') }}", { filter: "x" })).toBe("'x'");
  });

  it("keeps id usable as a parameter", () => {
    expect(sql("{% if defined(id) %}{{ Int32(id) }}{% else %}none{% end %}")).toBe("none");
    expect(sql("{% if defined(id) %}{{ Int32(id) }}{% else %}none{% end %}", { id: "3" })).toBe("toInt32('3')");
  });
});

describe("escaping (docs/tinybird-compat.md §4.4)", () => {
  it("escapes every special character of a string literal", () => {
    expect(sql("{{ x }}", { x: "\0\r\b\t\x1a\n\"'\\%`" })).toBe("'\\0\\r\\b\\t\\z\\n\\\"\\'\\\\\\%\\`'");
  });

  it("uses the same table for identifiers but deletes double quotes", () => {
    expect(sql("{{ column(x) }} {{ symbol(x) }}", { x: "a\"b'c%d`e" })).toBe("`ab\\'c\\%d\\`e` `ab\\'c\\%d\\`e`");
  });

  it("unescapes a chosen character with sql_unescape, e.g. for LIKE patterns", () => {
    expect(sql("{{ sql_unescape(String(x), '%') }}", { x: "50%_off" })).toBe("'50%_off'");
    expect(sql("{{ String(x) }}", { x: "50%_off" })).toBe("'50\\%_off'");
  });

  it("columns() with a function wraps each column", () => {
    expect(sql("SELECT {{ columns(cols, 'a', 'sum') }}", { cols: "x, y" })).toBe("SELECT sum(`x`) as x,sum(`y`) as y");
  });
});

describe("typed parameters and validation messages (docs/tinybird-compat.md §4.6)", () => {
  it.each([
    ["Int8", "128", "Template Syntax Error: Error validating '128' to type Int8"],
    ["UInt8", "-1", "Template Syntax Error: Error validating '-1' to type UInt8"],
    ["Int32", "1.5", "Template Syntax Error: Error validating '1.5' to type Int32"],
    ["Int32", " 5", "Template Syntax Error: Error validating ' 5' to type Int32"],
    ["Date", "20240131", "Template Syntax Error: Error validating '20240131' to type Date"],
    ["DateTime", "2024-01-31", "Template Syntax Error: Error validating '2024-01-31' to type DateTime"],
    [
      "DateTime64",
      "2024-01-31 10:00:00",
      "Template Syntax Error: Error validating '2024-01-31 10:00:00' to type DateTime64",
    ],
    ["Float32", "1_000", "Template Syntax Error: Error validating '1_000' to type Float32"],
  ])("%s(%s) fails", (type, value, message) => {
    expect(errorMessage(`{{ ${type}(x) }}`, { x: value })).toBe(message);
  });

  it.each([
    ["Int32", "+05", "toInt32('5')"],
    ["Int64", "-9223372036854775808", "toInt64('-9223372036854775808')"],
    ["UInt64", "18446744073709551615", "toUInt64('18446744073709551615')"],
    ["Date", "2024-01-31", "'2024-01-31'"],
    ["DateTime", "2024-01-31T10:00:00.123Z", "'2024-01-31T10:00:00.123Z'"],
    ["DateTime64", "2024-01-31 10:00:00.123", "'2024-01-31 10:00:00.123'"],
    ["Float32", "1.5", "toFloat32('1.5')"],
    ["String", "x", "'x'"],
  ])("%s(%s) renders %s", (type, value, expected) => {
    expect(sql(`{{ ${type}(x) }}`, { x: value })).toBe(expected);
  });

  it("uses defaults only when the parameter is absent", () => {
    expect(sql("{{ Int32(x, 5) }} {{ String(s, 'd') }}")).toBe("toInt32('5') 'd'");
    expect(errorMessage("{{ Int32(x, 5) }}", { x: "" })).toBe(
      "Template Syntax Error: Error validating '' to type Int32",
    );
  });

  it("treats required= and description= as metadata only", () => {
    expect(sql("{{ String(x, 'd', required=True, description='…') }}")).toBe("'d'");
  });

  it("returns None for defined=False, which sql_and skips", () => {
    expect(sql("{{ sql_and(a=String(a, defined=False), b__gte=Int32(b, defined=False)) }}", { b: "2" })).toBe(
      "b >= toInt32('2')",
    );
  });

  it("Boolean: only '0'/'false' (any case) are false; 'no' is true", () => {
    expect(
      sql("{{ Boolean(a) }}{{ Boolean(b) }}{{ Boolean(c) }}{{ Boolean(d) }}{{ Boolean(e, True) }}", {
        a: "FALSE",
        b: "0",
        c: "no",
        d: "yes",
      }),
    ).toBe("00111");
  });

  it("lists every typed parameter without a default in the required message, provided or not", () => {
    expect(
      errorMessage("{{ String(a) }} {{ Int32(b, 1) }} {{ DateTime(c) }} {{ Array(d, 'Int32') }}", { a: "x" }),
    ).toBe(
      "Template Syntax Error: Required parameter is not defined. Check the parameters a, c and d. Please provide a value or set a default value in the pipe code.",
    );
  });
});

describe("Array parameters", () => {
  it("splits without trimming and validates items", () => {
    expect(sql("{{ Array(x) }}", { x: "a, b" })).toBe("['a',' b']");
    expect(errorMessage("{{ Array(x, 'Int32') }}", { x: "1, 2" })).toBe(
      "Template Syntax Error: Error validating [1, 2][1] ( 2) to type Int32",
    );
  });

  it("accepts JSON lists and renders element types", () => {
    expect(sql("{{ Array(x, 'Int64') }}", { x: [1, 2] })).toBe("[1,2]");
    expect(sql("{{ Array(x, 'Float32') }}", { x: "1,2.5" })).toBe("[1.0,2.5]");
    expect(sql("{{ Array(x, 'Date') }}", { x: "2024-01-01,2024-01-02" })).toBe("['2024-01-01','2024-01-02']");
    expect(sql("{{ Array(x, 'Boolean') }}", { x: "true,0,no" })).toBe("[1,0,1]");
    expect(errorMessage("{{ Array(x, 'Int32') }}", { x: [1, "a"] })).toBe(
      "Template Syntax Error: Error validating [[1, 'a']][1] (a) to type Int32",
    );
  });

  it("treats an unknown element type as strings (Ghost passes a default there)", () => {
    expect(sql("{{ Array(x, 'pageviews') }}", { x: "a,b" })).toBe("['a','b']");
  });

  it("makes preprocessed Array parameters iterable as typed lists", () => {
    expect(sql("{{ Array(ids, 'Int32', '') }}{% for i in ids %} {{ i * 10 }}{% end %}", { ids: "1,2" })).toBe(
      "[1,2] 10 20",
    );
  });

  it("refuses a scalar that cannot be split", () => {
    expect(errorMessage("{{ Array(x, 'Int32') }}", { x: 5 })).toBe(
      "Template Syntax Error: transform type function Array is not well defined",
    );
  });
});

describe("request value types (query strings, POST JSON, JWT fixed_params)", () => {
  it("keeps JSON numbers and booleans typed", () => {
    expect(
      sql("{{ user_id }} {{ String(user_id) }} {{ flag }} {% if flag %}on{% end %}", { user_id: 123, flag: true }),
    ).toBe("123 '123' True on");
  });

  it("iterates JSON objects with dict methods", () => {
    const filters = [{ field: "country", value: "ES" }, { field: "device" }];
    expect(sql("{% for f in filters %}{{ symbol(f['field']) }}={{ f.get('value', '') }};{% end %}", { filters })).toBe(
      "`country`='ES';`device`='';",
    );
  });

  it("passes variables that are not template parameters through to the namespace", () => {
    expect(sql("{% if len(x) > 1 %}long{% end %}", { x: "ab", unused: "z" })).toBe("long");
    expect(errorMessage("{% if len(x) > 1 %}long{% end %}", { x: "ab", len: "shadowed" })).toBe(
      "Template Syntax Error: wrong syntax, you might be using a not valid function inside a control block",
    );
  });
});

describe("Python expressions inside {% %}", () => {
  it("string methods", () => {
    expect(
      sql(
        "{% set parts = x.split(',') %}{% set a = parts[0].strip() %}{{ a }}|{% set b = x.lower().replace('-', '_') %}{{ b }}|{% if x.startswith(('z', 'A')) %}A{% end %}|{{ x.split(',', 1)[1] }}",
        { x: "A- b,C,d" },
      ),
    ).toBe("'A- b'|'a_ b,c,d'|A|'C,d'");
  });

  it("builtins", () => {
    expect(
      sql(
        "{{ max([3, 1, 2]) }} {{ min(a) }} {{ len(a) }} {% set s = sorted(['b', 'a', 'C']) %}{{ s }} {% set t = sum([1, 2.5]) %}{{ t }} {% set r = list(range(0, 10, 3)) %}{{ r }} {% set z = list(zip([1, 2], 'ab')) %}{{ z }} {% set e = list(enumerate('ab', 1)) %}{{ e }}",
        {
          a: "bca",
        },
      ),
    ).toBe("3 'a' 3 ['C', 'a', 'b'] 3.5 [0, 3, 6, 9] [(1, 'a'), (2, 'b')] [(1, 'a'), (2, 'b')]");
    expect(sql("{% set r = round(2.5) %}{{ r }} {% set n = int(' 42 ') %}{{ n }} {% set f = abs(-3) %}{{ f }}")).toBe(
      "2 42 3",
    );
  });

  it("comprehensions, lambdas, slices, conditional expressions and unpacking", () => {
    expect(
      sql(
        "{% set xs = [v * 2 for v in [1, 2, 3] if v > 1] %}{{ xs }} {% set d = {k: v for k, v in [('a', 1)]} %}{{ d }} {% set f = lambda a, b=2: a + b %}{% set r = f(1) %}{{ r }} {{ x[1:3] }} {{ x[::-1] }} {% set a, (b, *c) = 1, (2, 3, 4) %}{{ c }} {% set big = Int32(n, 0) > 5 %}{{ 'big' if big else 'small' }}",
        { x: "abcd", n: "9" },
      ),
    ).toBe("[4, 6] {'a': 1} 3 'bc' 'dcba' [3, 4] 'big'");
  });

  it("chained comparisons, membership and identity", () => {
    expect(
      sql(
        "{% if 1 < n < 5 %}a{% end %}{% if g in ('day', 'week') %}b{% end %}{% if g not in ['x'] %}c{% end %}{% if m is None %}d{% end %}{% if 'ee' in g %}e{% end %}",
        {
          n: 3,
          g: "week",
        },
      ),
    ).toBe("abcde");
  });

  it("f-strings and % formatting", () => {
    expect(sql("{{ f'{x}_{n:03d}_{v:,.2f}_{s!r}' }}", { x: "a", n: 5, v: 12345.678, s: "q" })).toBe(
      "'a_005_12,345.68_\\'q\\''",
    );
    expect(sql("{% set s = '%s-%d' % (x, 3) %}{{ s }}", { x: "a" })).toBe("'a-3'");
  });

  it("list and dict mutation through methods and augmented assignment", () => {
    expect(
      sql(
        "{% set acc = [] %}{% for v in ['a', 'b'] %}{% set _ = acc.append(v) %}{% end %}{% set acc += ['c'] %}{{ ','.join(acc) }} {% set d = {} %}{% set d['k'] = 1 %}{{ d }}",
      ),
    ).toBe("'a,b,c' {'k': 1}");
  });

  it("enumerate_with_last and tuple unpacking in for", () => {
    expect(
      sql(
        "{% for last, c in enumerate_with_last(split_to_array(cols)) %}{{ symbol(c) }}{% if not last %}, {% end %}{% end %}",
        { cols: "a,b,c" },
      ),
    ).toBe("`a`, `b`, `c`");
  });

  it("day_diff drives granularity like the starter kits do", () => {
    const t =
      "{% set _single_day = defined(date_from) and day_diff(date_from, date_to) == 0 %}{% if _single_day %}hour{% else %}day{% end %}";
    expect(sql(t, { date_from: "2024-01-01", date_to: "2024-01-01" })).toBe("hour");
    expect(sql(t, { date_from: "2024-01-01", date_to: "2024-01-08" })).toBe("day");
    expect(sql(t)).toBe("day");
  });
});

describe("query settings functions", () => {
  it("activate('analyzer') becomes a ClickHouse setting; cache_ttl and backend_hint are hints; all leave comments", () => {
    const r = renderSqlTemplate(
      "{{ cache_ttl('5m') }}{{ activate('analyzer') }}{{ backend_hint('replica') }}SELECT 1",
      {},
    );
    expect(r.sql).toBe("-- cache_ttl 5m\n-- activate analyzer\n-- backend_hint replica\nSELECT 1");
    expect(r.settings).toEqual({ allow_experimental_analyzer: 1 });
    expect(r.hints).toEqual({ cache_ttl: "5m", backend_hint: "replica" });
  });

  it("keeps parallel replicas a hint on single-node chDB", () => {
    const r = renderSqlTemplate("{{ activate('parallel_replicas') }}SELECT 1", {});
    expect(r.settings).toEqual({});
    expect(r.hints).toEqual({ activate: "parallel_replicas" });
  });

  it("validates their arguments", () => {
    expect(errorMessage("{{ cache_ttl('2m') }}")).toBe(
      "Template Syntax Error: Invalid TTL cache expression, valid expressions are ('5s', '1m', '5m', '30m', '1h')",
    );
    expect(errorMessage("{{ activate('turbo') }}")).toBe(
      "Template Syntax Error: 'turbo' is not a valid 'activate' argument",
    );
    const r = renderSqlTemplate("{{ max_threads('many') }}SELECT 1", {});
    expect(r.sql).toBe("-- max_threads: wrong argument many\nSELECT 1");
    expect(r.settings).toEqual({});
  });

  it("disable() is only usable in {% %} and accepts substrings of 'analyzer'", () => {
    const r = renderSqlTemplate("{% set _ = disable('analyzer') %}SELECT 1", {});
    expect(r.settings).toEqual({ allow_experimental_analyzer: 0 });
  });
});

describe("test mode (/v0/sql without parameters)", () => {
  it("renders placeholders for every kind of parameter", () => {
    expect(
      testSql(
        "{{ Int32(a) }} {{ Float64(b) }} {{ Date(c) }} {{ DateTime(d) }} {{ DateTime64(e) }} {{ String(f) }} {{ Array(g, 'Int32') }} {{ Array(h) }} {{ symbol(i) }} {{ Boolean(j) }} {{ column(k, 'dflt') }} {{ l }}",
      ),
    ).toBe(
      "toInt32('0') toFloat64('0.0') '2019-01-01' '2019-01-01 00:00:00' '2019-01-01 00:00:00.000' '__no_value__' [0,0] [''] `placeholder` 0 `dflt` '__no_value__'",
    );
  });

  it("passes given variables through and keeps defined() false for placeholders", () => {
    expect(testSql("{% if defined(a) %}a{% end %}{% if defined(b) %}b{% end %}", { b: "1" })).toBe("b");
  });
});
