/**
 * Tinybird's two variable analyses, transcribed from the doctests of get_var_names and get_var_names_and_types
 * (sql_template.py). The typed list is compared as Python's repr, so key order and defaults are checked verbatim.
 */
import { describe, expect, it } from "vitest";
import { TemplateError, templateVariables } from "../../../src/template/index";
import { varNames, varNamesWithLines, varTypesRepr } from "./template-test-helpers";

describe("get_var_names doctests", () => {
  it("collects simple references with their line", () => {
    expect(varNamesWithLines("SELECT * FROM test WHERE id = {{my_var}}")).toEqual([{ line: 1, name: "my_var" }]);
    expect(varNamesWithLines("SELECT {{a}}, {{b}} FROM test")).toEqual([
      { line: 1, name: "a" },
      { line: 1, name: "b" },
    ]);
    expect(varNamesWithLines("SELECT * FROM test")).toEqual([]);
    expect(varNamesWithLines("{% if condition %}{{value}}{% end %}")).toEqual([
      { line: 1, name: "condition" },
      { line: 1, name: "value" },
    ]);
    expect(varNamesWithLines("{{custom_error('Not found', 404)}}")).toEqual([]);
  });

  it.each([
    [
      "{{Int8(a, 0)}} {{Int16(b, 0)}} {{Int32(c, 0)}} {{Int64(d, 0)}}",
      ["Int8", "a", "Int16", "b", "Int32", "c", "Int64", "d"],
    ],
    ["{{UInt8(a, 0)}} {{UInt32(b, 0)}} {{UInt64(c, 0)}}", ["UInt8", "a", "UInt32", "b", "UInt64", "c"]],
    ["{{Float32(price, 0.0)}} {{Float64(amount, 0.0)}}", ["Float32", "price", "Float64", "amount"]],
    ["{{String(name, 'default')}}", ["String", "name"]],
    ["{{Boolean(flag, False)}}", ["Boolean", "flag"]],
    ["{{Date(d)}} {{DateTime(dt)}} {{DateTime64(dt64)}}", ["Date", "d", "DateTime", "dt", "DateTime64", "dt64"]],
    ["{{Array(ids, 'Int32')}}", ["Array", "ids"]],
    ["{{JSON(data, '{}')}}", ["JSON", "data"]],
    ["SELECT {{column(col_name, 'id')}} FROM t", ["col_name"]],
    ["SELECT {{columns(col_list, 'a,b')}} FROM t", ["columns", "col_list"]],
    ["SELECT * FROM {{symbol(table_name)}}", ["table_name"]],
    ["SELECT * FROM {{table(tbl)}}", ["table", "tbl"]],
    ["{% if defined(flag) %}WHERE x = 1{% end %}", ["defined", "flag"]],
    ["{% if cond %}{{a}}{% else %}{{b}}{% end %}", ["cond", "a", "b"]],
    ["{% if a %}1{% elif b %}2{% elif c %}3{% else %}4{% end %}", ["a", "b", "c"]],
    ["{% if outer %}{% if inner %}{{val}}{% end %}{% end %}", ["outer", "inner", "val"]],
    ["{% if defined(a) and defined(b) %}{{c}}{% end %}", ["defined", "a", "b", "c"]],
    ["{% if x or y %}{{z}}{% end %}", ["x", "y", "z"]],
    ["{% if count > 0 %}{{result}}{% end %}", ["count", "result"]],
    ["{% for item in items %}{{item}}{% end %}", ["items", "item", "item"]],
    ["{% for i, item in enumerate(items) %}{{i}}:{{item}}{% end %}", ["items", "i", "item", "i", "item"]],
    [
      "{% for row in rows %}{% for col in cols %}{{row}}.{{col}}{% end %}{% end %}",
      ["rows", "row", "cols", "col", "row", "col"],
    ],
    ["{% for x in split_to_array(csv_data) %}{{x}}{% end %}", ["split_to_array", "csv_data", "x", "x"]],
    [
      "{% for is_last, item in enumerate_with_last(items) %}{{item}}{% end %}",
      ["enumerate_with_last", "items", "is_last", "item", "item"],
    ],
    ["{% while running %}{{counter}}{% end %}", ["running", "counter"]],
    ["{% while count < max_count %}{{count}}{% end %}", ["count", "max_count", "count"]],
    ["{% for x in items %}{% if x > limit %}{% break %}{% end %}{{x}}{% end %}", ["items", "x", "x", "limit", "x"]],
    ["{% for x in items %}{% if x < 0 %}{% continue %}{% end %}{{x}}{% end %}", ["items", "x", "x", "x"]],
    ["{% while running %}{% if done %}{% break %}{% end %}{{counter}}{% end %}", ["running", "done", "counter"]],
    ["{% try %}{{risky}}{% except %}{{fallback}}{% end %}", ["risky", "fallback"]],
    ["{% try %}{{a}}{% except %}{{b}}{% finally %}{{c}}{% end %}", ["a", "b", "c"]],
    ["{% try %}{{a}}{% except MyError as e %}{{e}}{% end %}", ["a", "MyError", "e", "e"]],
    ["{% set x = myvar + 1 %}{{x}}", ["myvar", "x", "x"]],
    ["{% set total = a + b * c %}{{total}}", ["a", "b", "c", "total", "total"]],
    ["{% set items = list_data %}{{items}}", ["list_data", "items", "items"]],
    ["{% set x = {{String(y)}} %}{{x}}", ["x"]],
    ["{% if defined(param) %}yes{% end %}", ["defined", "param"]],
    ["{% if not valid %}{{error('Invalid input')}}{% end %}", ["valid"]],
    ["{{day_diff(start_date, end_date)}}", ["day_diff", "start_date", "end_date"]],
    ["{{date_diff_in_days(d1, d2)}}", ["date_diff_in_days", "d1", "d2"]],
    ["{{date_diff_in_hours(t1, t2)}}", ["date_diff_in_hours", "t1", "t2"]],
    ["{{max_threads(num_threads)}}", ["max_threads", "num_threads"]],
    ["{{tb_secret(secret_name)}}", ["tb_secret", "secret_name"]],
    ["{{cache_ttl(ttl_value)}}", ["cache_ttl", "ttl_value"]],
    [
      "{% for item in items %}{% if defined(item) %}{{item}}{% end %}{% end %}",
      ["items", "item", "defined", "item", "item"],
    ],
    ["{% if show_list %}{% for x in data %}{{x}}{% end %}{% end %}", ["show_list", "data", "x", "x"]],
    [
      "{% set limit = max_val %}{% if limit > 0 %}{% for i in my_range(limit) %}{{i}}{% end %}{% end %}",
      ["max_val", "limit", "limit", "my_range", "limit", "i", "i"],
    ],
    [
      "{% set limit = max_rows %}{% if flag %}{% for c in cols %}{{c}}{% end %}{% elif other %}{{x}}{% else %}{{y}}{% end %}{% while more %}{{b}}{% end %}{% try %}{{q}}{% except E as e %}{{e}}{% finally %}{{done}}{% end %}",
      ["max_rows", "limit", "flag", "cols", "c", "c", "other", "x", "y", "more", "b", "q", "E", "e", "e", "done"],
    ],
    ["{% if defined(id) %}WHERE id = {{Int32(id, 0)}}{% end %}", ["defined", "id", "Int32", "id"]],
    ["SELECT {{column(col)}} FROM t WHERE id IN {{Array(ids, 'Int32')}}", ["col", "Array", "ids"]],
    [
      "{% if a %}{% for x in items %}{% if defined(x) %}{% try %}{{Int32(x, 0)}}{% except %}{{default}}{% end %}{% end %}{% end %}{% end %}",
      ["a", "items", "x", "defined", "x", "Int32", "x", "default"],
    ],
    [
      "{% if defined(start) %}{{date_diff_in_days(start, end)}}{% end %}",
      ["defined", "start", "date_diff_in_days", "start", "end"],
    ],
    ["{% for d in dates %}{{day_diff(d, today)}}{% end %}", ["dates", "d", "day_diff", "d", "today"]],
    [
      "{% if mode == 'days' %}{{date_diff_in_days(t1, t2)}}{% elif mode == 'hours' %}{{date_diff_in_hours(t1, t2)}}{% end %}",
      ["mode", "date_diff_in_days", "t1", "t2", "mode", "date_diff_in_hours", "t1", "t2"],
    ],
    ["{% set diff = day_diff(start_date, end_date) %}{{diff}}", ["day_diff", "start_date", "end_date", "diff", "diff"]],
    ["{% if parallel %}{{max_threads(thread_count)}}{% end %}", ["parallel", "max_threads", "thread_count"]],
    [
      "{% if use_cache %}{{cache_ttl(ttl)}}{% else %}{{cache_ttl(0)}}{% end %}",
      ["use_cache", "cache_ttl", "ttl", "cache_ttl"],
    ],
    ["{% for name in secret_names %}{{tb_secret(name)}}{% end %}", ["secret_names", "name", "tb_secret", "name"]],
    [
      "{% if kind == 'int' %}{{Int32(val, 0)}}{% elif kind == 'date' %}{{DateTime(val)}}{% elif kind == 'diff' %}{{date_diff_in_days(val, now)}}{% end %}",
      ["kind", "Int32", "val", "kind", "DateTime", "val", "kind", "date_diff_in_days", "val", "now"],
    ],
    ["{% while day_diff(current, target) > 0 %}{{current}}{% end %}", ["day_diff", "current", "target", "current"]],
    [
      "{% try %}{{date_diff_in_hours(t1, t2)}}{% except %}{{default_hours}}{% end %}",
      ["date_diff_in_hours", "t1", "t2", "default_hours"],
    ],
    [
      "{% set threshold = Int32(max_days, 30) %}{% for d in dates %}{% if day_diff(d, now) < threshold %}{{String(d)}}{% end %}{% end %}",
      ["Int32", "max_days", "threshold", "dates", "d", "day_diff", "d", "now", "threshold", "String", "d"],
    ],
    [
      "{% if enabled %}{% set threads = max_threads(n) %}{% for i in tasks %}{{cache_ttl(ttl)}}{% end %}{% end %}",
      ["enabled", "max_threads", "n", "threads", "tasks", "i", "cache_ttl", "ttl"],
    ],
  ])("%s", (template, names) => {
    expect(varNames(template)).toEqual(names);
  });

  it("collects a multiline template (column is namespace, filter a builtin)", () => {
    const t = `
SELECT
    {{column(col1)}},
    {{column(col2)}}
FROM {{table(tbl)}}
{% if defined(flag) %}
WHERE {{column(filter_col)}} = {{String(value)}}
{% end %}
`;
    expect([...new Set(varNames(t))].sort()).toEqual([
      "String",
      "col1",
      "col2",
      "defined",
      "filter_col",
      "flag",
      "table",
      "tbl",
      "value",
    ]);
    expect(varNamesWithLines(t).find((v) => v.name === "filter_col")?.line).toBe(7);
  });
});

describe("get_var_names_and_types doctests", () => {
  it.each([
    [
      "SELECT * FROM filter_value WHERE description = {{Float32(with_value, 0.0)}}",
      "[{'name': 'with_value', 'type': 'Float32', 'default': 0.0}]",
    ],
    [
      "SELECT * FROM filter_value WHERE description = {{Float32(with_value, -0.0)}}",
      "[{'name': 'with_value', 'type': 'Float32', 'default': -0.0}]",
    ],
    [
      "SELECT * FROM filter_value WHERE description = {{Int32(with_value, 0)}}",
      "[{'name': 'with_value', 'type': 'Int32', 'default': 0}]",
    ],
    [
      "SELECT * FROM filter_value WHERE description = {{Int32(with_value, -0)}}",
      "[{'name': 'with_value', 'type': 'Int32', 'default': 0}]",
    ],
    [
      "SELECT * FROM filter_value WHERE description = {{Float32(with_value, -0.1)}}",
      "[{'name': 'with_value', 'type': 'Float32', 'default': -0.1}]",
    ],
    [
      "SELECT * FROM filter_value WHERE description = {{Float32(with_value, 0.1)}}",
      "[{'name': 'with_value', 'type': 'Float32', 'default': 0.1}]",
    ],
    [
      "SELECT * FROM filter_value WHERE description = {{String(d, 'test_1')}} AND value = {{Int8(v, 3)}}",
      "[{'name': 'd', 'type': 'String', 'default': 'test_1'}, {'name': 'v', 'type': 'Int8', 'default': 3}]",
    ],
    [
      "select * from test {% if defined(number_variable) %} where number_variable = {{UInt64(number_variable)}} {% end %}",
      "[{'name': 'number_variable', 'type': 'UInt64', 'default': None}]",
    ],
    [
      "select * from test {% if defined({{UInt64(number_variable)}}) %} where 1 {% end %}",
      "[{'name': 'number_variable', 'type': 'UInt64', 'default': None}]",
    ],
    [
      "select * from test {% if defined(testing) and defined(testing2) %} where 1 {%end %}",
      "[{'name': 'testing', 'type': 'String', 'default': None, 'used_in': 'function_call'}, {'name': 'testing2', 'type': 'String', 'default': None, 'used_in': 'function_call'}]",
    ],
    [
      "select * from test {% if defined({{UInt64(x)}}) and defined(y) %} where 1 {% end %}",
      "[{'name': 'x', 'type': 'UInt64', 'default': None}, {'name': 'y', 'type': 'String', 'default': None, 'used_in': 'function_call'}]",
    ],
    [
      "select * from test {% if defined(y) and x > 0 %} where x = {{UInt64(x)}} {% end %}",
      "[{'name': 'x', 'type': 'UInt64', 'default': None}, {'name': 'y', 'type': 'String', 'default': None, 'used_in': 'function_call'}]",
    ],
    [
      "select * from test {% if defined(y) and defined(z) and x > 0 %} {{UInt64(x)}} {% end %}",
      "[{'name': 'x', 'type': 'UInt64', 'default': None}, {'name': 'y', 'type': 'String', 'default': None, 'used_in': 'function_call'}, {'name': 'z', 'type': 'String', 'default': None, 'used_in': 'function_call'}]",
    ],
    [
      "{% if '{{' in marker %}{{UInt64(x)}}{% end %}",
      "[{'name': 'x', 'type': 'UInt64', 'default': None}, {'name': 'marker', 'type': 'String', 'default': None}]",
    ],
    [
      "{% if a %}1{% elif defined(y) %}{{UInt64(x)}}{% end %}",
      "[{'name': 'y', 'type': 'String', 'default': None, 'used_in': 'function_call'}, {'name': 'x', 'type': 'UInt64', 'default': None}, {'name': 'a', 'type': 'String', 'default': None}]",
    ],
    [
      "{% for x in items %}{{Int32(x, 0)}}{% end %}",
      "[{'name': 'x', 'type': 'Int32', 'default': 0}, {'name': 'items', 'type': 'String', 'default': None}]",
    ],
    [
      "{% while more %}{{UInt64(x)}}{% end %}",
      "[{'name': 'x', 'type': 'UInt64', 'default': None}, {'name': 'more', 'type': 'String', 'default': None}]",
    ],
    [
      "{% set a = Int32(x, 0) %}",
      "[{'name': 'a', 'type': 'String', 'default': None}, {'name': 'x', 'type': 'Int32', 'default': 0}]",
    ],
    [
      "{% try %}{{UInt64(x)}}{% except E as e %}{{e}}{% end %}",
      "[{'name': 'x', 'type': 'UInt64', 'default': None}, {'name': 'E', 'type': 'String', 'default': None}, {'name': 'e', 'type': 'String', 'default': None}]",
    ],
    [
      "select {{Array(cod_stock_source_type,'Int16', defined=False)}}",
      "[{'name': 'cod_stock_source_type', 'type': 'Array(Int16)', 'defined': False, 'default': None}]",
    ],
    [
      "select {{Array(cod_stock_source_type, defined=False)}}",
      "[{'name': 'cod_stock_source_type', 'type': 'Array(String)', 'defined': False, 'default': None}]",
    ],
    ["select {{cod_stock_source_type}}", "[{'name': 'cod_stock_source_type', 'type': 'String', 'default': None}]"],
    [
      "select {{String(cod_stock_source_type, 'test')}}",
      "[{'name': 'cod_stock_source_type', 'type': 'String', 'default': 'test'}]",
    ],
    [
      "select {{split_to_array(test)}}",
      "[{'name': 'test', 'type': 'String', 'default': None, 'used_in': 'function_call'}]",
    ],
    ["select {{String(test + 'abcd', 'default_value')}}", "[{'name': 'test', 'type': 'String', 'default': None}]"],
    [
      "SELECT * FROM filter_value WHERE description = {{String(d, 'test_1', description='test', required=True)}} AND value = {{Int8(v, 3, format='number', example='1')}}",
      "[{'name': 'd', 'type': 'String', 'description': 'test', 'required': True, 'default': 'test_1'}, {'name': 'v', 'type': 'Int8', 'format': 'number', 'example': '1', 'default': 3}]",
    ],
    [
      "SELECT * FROM filter_value WHERE description = {{String(d, default='test_1', description='test')}}",
      "[{'name': 'd', 'type': 'String', 'default': 'test_1', 'description': 'test'}]",
    ],
    [
      "select {{Array(cod_stock_source_type, 'Int16', default='1', defined=False)}}",
      "[{'name': 'cod_stock_source_type', 'type': 'Array(Int16)', 'default': '1', 'defined': False}]",
    ],
    [
      'select {{symbol(split_to_array(attr, "amount_net")[0] + "_intermediate" )}}',
      "[{'name': 'attr', 'type': 'String', 'default': None, 'used_in': 'function_call'}]",
    ],
    [
      "SELECT * FROM filter_value WHERE description = {{Float32(with_value, 0.1)}} AND description = {{Float32(zero, 0)}} AND value = {{Float32(no_default)}}",
      "[{'name': 'with_value', 'type': 'Float32', 'default': 0.1}, {'name': 'zero', 'type': 'Float32', 'default': 0}, {'name': 'no_default', 'type': 'Float32', 'default': None}]",
    ],
    [
      "SELECT * FROM filter_value WHERE description = {{Float32(with_value, -0.1)}} AND description = {{Float32(zero, 0)}} AND value = {{Float32(no_default)}}",
      "[{'name': 'with_value', 'type': 'Float32', 'default': -0.1}, {'name': 'zero', 'type': 'Float32', 'default': 0}, {'name': 'no_default', 'type': 'Float32', 'default': None}]",
    ],
    [
      `SELECT * FROM abcd WHERE hotel_id <> 0 {% if defined(date_from) %} AND script_created_at > {{DateTime(date_from, '2020-09-09 10:10:10', description="This is a description", required=True)(date_from, '2020-09-09', description="Filter script alert creation date", required=False)}} {% end %}`,
      "[{'name': 'date_from', 'type': 'DateTime', 'description': 'This is a description', 'required': True, 'default': '2020-09-09 10:10:10'}]",
    ],
    [
      "SELECT * FROM filter_value WHERE symbol = {{Int128(symbol_id, 11111, description='Symbol Id', required=True)}} AND user = {{Int256(user_id, 3555, description='User Id')}}",
      "[{'name': 'symbol_id', 'type': 'Int128', 'description': 'Symbol Id', 'required': True, 'default': 11111}, {'name': 'user_id', 'type': 'Int256', 'description': 'User Id', 'default': 3555}]",
    ],
    [
      "SELECT now() > {{DateTime64(timestamp, '2020-09-09 10:10:10.000')}}",
      "[{'name': 'timestamp', 'type': 'DateTime64', 'default': '2020-09-09 10:10:10.000'}]",
    ],
    [
      "select {{Int32(dup, 1)}} {{String(dup, 'last')}}",
      "[{'name': 'dup', 'type': 'Int32', 'default': 1}, {'name': 'dup', 'type': 'String', 'default': 'last'}]",
    ],
    [
      "SELECT * FROM filter_value WHERE symbol = {{Int64(symbol_id, 9223372036854775807)}}",
      "[{'name': 'symbol_id', 'type': 'Int64', 'default': '9223372036854775807'}]",
    ],
  ])("%s", (template, repr) => {
    expect(varTypesRepr(template)).toBe(repr);
  });

  it("raises the security error for ** like Template() does", () => {
    expect(() => templateVariables("SELECT {{len([1] * 10**7)}}")).toThrow(TemplateError);
    expect(() => templateVariables("SELECT {{len([1] * 10**7)}}")).toThrow(
      "Template Syntax Error: Invalid BinOp: Pow()",
    );
  });
});

describe("templateVariables (the server-facing shape)", () => {
  it("maps defaults, metadata and Array types to JS values", () => {
    expect(
      templateVariables(
        "{{String(workspaceId, 'ws_1', description=\"The workspace\", required=True)}} {{Array(ids, 'Int32', '1,2')}} {{Int64(big, 9223372036854775807)}} {% if defined(filters) %}{% end %}",
      ),
    ).toEqual([
      { name: "workspaceId", type: "String", default: "ws_1", description: "The workspace", required: true },
      { name: "ids", type: "Array(Int32)", default: "1,2" },
      { name: "big", type: "Int64", default: "9223372036854775807" },
      { name: "filters", type: "String", usedIn: "function_call" },
    ]);
  });

  it("keeps enum lists and defined=False", () => {
    expect(
      templateVariables(
        "{{String(tz, 'UTC', enum=['UTC', 'CET'], example='UTC')}} {{Array(tags, 'String', defined=False)}}",
      ),
    ).toEqual([
      { name: "tz", type: "String", default: "UTC", enum: ["UTC", "CET"], example: "UTC" },
      { name: "tags", type: "Array(String)", defined: false },
    ]);
  });

  it("refuses a list literal as a parameter name", () => {
    expect(() => templateVariables("{{String(['a', 'b'])}}")).toThrow(
      "\"['a', 'b']\" can not be used as a variable name",
    );
  });
});

describe("preprocess_variables doctests (through rendering)", () => {
  it("turns Array parameters into Python lists before rendering", async () => {
    const { sql } = await import("./template-test-helpers");
    const show = "{{Array(test, 'T')}}{% for v in test %}|{{v}}{% end %}";
    expect(sql(show.replace("'T'", "'String'"), { test: "1,2" })).toBe("['1','2']|'1'|'2'");
    expect(sql(show.replace("'T'", "'String'"), { test: [1, 2] })).toBe("['1','2']|'1'|'2'");
    expect(sql(show.replace("'T'", "'Int32'"), { test: "1,2,3" })).toBe("[1,2,3]|1|2|3");
    // A value that fails validation stays a string; Array() then reports it.
    expect(sql("{% for v in test %}|{{v}}{% end %}{{Int32(test, 0)}}", { test: "24" })).toBe("|'2'|'4'toInt32('24')");
  });
});
