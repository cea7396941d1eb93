/**
 * The `render_sql_template` doctests of Tinybird's CLI (tinybird-3.1.0.dev0 sql_template.py), input for input.
 * Python exceptions become the HTTP errors Tinybird's API returns (views/api_query.py), so a doctest raising
 * `SQLTemplateException: Template Syntax Error: X` is a 400 whose message is that text.
 */
import { describe, expect, it } from "vitest";
import { renderSqlTemplate } from "../../../src/template/index";
import { errorMessage, renderError, sql, testSql } from "./template-test-helpers";

const REQUIRED_DOC = "https://docs.tinybird.co/cli/advanced-templates.html";

describe("render_sql_template doctests: values and types", () => {
  it("renders Float32 of an int as toFloat32 with a Python float repr", () => {
    expect(sql("select * from table where f = {{Float32(foo)}}", { foo: -1 })).toBe(
      "select * from table where f = toFloat32('-1.0')",
    );
    expect(sql("select * from table where f = {{Float32(foo)}}", { foo: 1 })).toBe(
      "select * from table where f = toFloat32('1.0')",
    );
  });

  it.each(["open", "close", "input", "print"])("treats the blanked builtin %s as undefined", (name) => {
    expect(sql(`{% if defined(${name}) %}ERROR{% else %}YEAH!{% end %}`)).toBe("YEAH!");
  });

  it("quotes a bare string parameter and renders a bare float unquoted", () => {
    expect(sql("select * from table where str = {{foo}}", { foo: "test" })).toBe(
      "select * from table where str = 'test'",
    );
    // JSON cannot tell 1.0 from 1 once parsed; a non-integral float shows the same rule.
    expect(sql("select * from table where f = {{foo}}", { foo: 1.5 })).toBe("select * from table where f = 1.5");
  });

  it("renders Boolean() of JSON booleans as 1/0", () => {
    expect(sql("select {{Boolean(foo)}} from table", { foo: true })).toBe("select 1 from table");
    expect(sql("select {{Boolean(foo)}} from table", { foo: false })).toBe("select 0 from table");
  });

  it("escapes quotes so injection stays inside the literal", () => {
    expect(sql("select * from table where f = {{foo}}", { foo: "';drop table users;" })).toBe(
      "select * from table where f = '\\';drop table users;'",
    );
  });

  it("renders symbol() and table() identifiers, deleting double quotes", () => {
    expect(sql("select * from {{symbol(foo)}}", { foo: "table-name" })).toBe("select * from `table-name`");
    expect(sql("select * from {{symbol(foo)}}", { foo: '"table-name"' })).toBe("select * from `table-name`");
    expect(sql("select * from {{table(foo)}}", { foo: '"table-name"' })).toBe("select * from table-name");
  });

  it("rejects a value that does not validate as Int32", () => {
    const e = renderError("select * from {{Int32(foo)}}", { foo: "non_int" });
    expect(e.status).toBe(400);
    expect(e.message).toBe("Template Syntax Error: Error validating 'non_int' to type Int32");
    expect(e.documentation).toBe(REQUIRED_DOC);
  });

  it("renders placeholders in test mode", () => {
    expect(testSql("select * from table where f = {{Float32(foo)}}")).toBe(
      "select * from table where f = toFloat32('0.0')",
    );
    expect(testSql("SELECT * FROM query_log__dev where a = {{test}}")).toBe(
      "SELECT * FROM query_log__dev where a = '__no_value__'",
    );
  });

  it("reports an expression that evaluated to null, truncating long sources", () => {
    expect(errorMessage("SELECT {{test}}", { token: "testing" })).toBe(
      'Template Syntax Error: expression "test" evaluated to null',
    );
    expect(
      errorMessage("SELECT {{testisasuperlongthingandwedontwanttoreturnthefullthing}}", { token: "testing" }),
    ).toBe('Template Syntax Error: expression "testisasuperlongthin..." evaluated to null');
  });

  it("validates each Array item with the element type's tester", () => {
    expect(
      errorMessage("SELECT {{ Array(embedding, 'Float32') }}", { token: "testing", embedding: "1,2,3,4, null" }),
    ).toBe("Template Syntax Error: Error validating [1,2,3,4, null][4] ( null) to type Float32");
    expect(errorMessage("SELECT {{ Array(embedding, 'Int32', '') }}", { token: "testing", embedding: "" })).toBe(
      "Template Syntax Error: Error validating [][0] (empty string) to type Int32",
    );
  });
});

describe("render_sql_template doctests: control flow", () => {
  it("uses Python truthiness for a missing parameter and for a typed default", () => {
    expect(sql("{% if test %}SELECT 1{% else %} select 2 {% end %}")).toBe(" select 2 ");
    expect(sql("{% if Int32(test, 1) %}SELECT 1{% else %} select 2 {% end %}")).toBe("SELECT 1");
  });

  it("iterates a test-mode placeholder three times", () => {
    expect(testSql("{% for v in test %}SELECT {{v}} {% end %}")).toBe(
      "SELECT '__no_value__' SELECT '__no_value__' SELECT '__no_value__' ",
    );
  });

  it("uses the typed default in test mode", () => {
    expect(testSql("select {{Int32(foo, 1)}}")).toBe("select toInt32('1')");
  });

  it("skips an undefined optional block", () => {
    expect(
      sql(
        "SELECT count() c FROM test_table where a > {{Float32(myvar)}} {% if defined(my_condition) %} and c = Int32({{my_condition}}){% end %}",
        { myvar: 1 },
      ),
    ).toBe("SELECT count() c FROM test_table where a > toFloat32('1.0') ");
  });
});

describe("render_sql_template doctests: sql_and", () => {
  it("joins the defined conditions", () => {
    expect(sql("SELECT count() c FROM where {{sql_and(a=a, b=b)}}", { a: "1", b: "2" })).toBe(
      "SELECT count() c FROM where a = '1' and b = '2'",
    );
    expect(sql("SELECT count() c FROM where {{sql_and(a=a, b=b)}}", { b: "2" })).toBe(
      "SELECT count() c FROM where b = '2'",
    );
  });

  it("skips Int(…, defined=False) that resolved to None", () => {
    expect(
      sql("SELECT count() c FROM where {{sql_and(a=Int(a, defined=False), b=Int(b, defined=False))}}", { b: "2" }),
    ).toBe("SELECT count() c FROM where b = 2");
  });

  it("maps __in / __not_in suffixes to SQL operators", () => {
    expect(sql("SELECT count() c FROM where {{sql_and(a__in=Array(a), b=b)}}", { a: "a,b,c", b: "2" })).toBe(
      "SELECT count() c FROM where a in ['a','b','c'] and b = '2'",
    );
    expect(sql("SELECT count() c FROM where {{sql_and(a__not_in=Array(a), b=b)}}", { a: "a,b,c", b: "2" })).toBe(
      "SELECT count() c FROM where a not in ['a','b','c'] and b = '2'",
    );
  });
});

describe("render_sql_template doctests: dates, Int, symbol, Array placeholders", () => {
  it("renders Date/DateTime placeholders and values", () => {
    expect(testSql("SELECT c FROM where a > {{Date(start)}}")).toBe("SELECT c FROM where a > '2019-01-01'");
    expect(testSql("SELECT c FROM where a > {{DateTime(start)}}")).toBe(
      "SELECT c FROM where a > '2019-01-01 00:00:00'",
    );
    expect(sql("SELECT c FROM where a > {{DateTime(start)}}", { start: "2018-09-07 23:55:00" })).toBe(
      "SELECT c FROM where a > '2018-09-07 23:55:00'",
    );
    expect(
      sql("SELECT * FROM tracker {% if defined(start) %} {{DateTime(start)}} and {{DateTime(end)}} {% end %}", {
        start: "2019-08-01 00:00:00",
        end: "2019-08-02 00:00:00",
      }),
    ).toBe("SELECT * FROM tracker  '2019-08-01 00:00:00' and '2019-08-02 00:00:00' ");
  });

  it("renders Int() as a bare number and symbol() placeholders", () => {
    expect(testSql("SELECT * from test limit {{Int(limit)}}")).toBe("SELECT * from test limit 0");
    expect(testSql("SELECT {{symbol(attr)}} from test")).toBe("SELECT `placeholder` from test");
  });

  it("renders Arrays of strings and ints, and their placeholders", () => {
    expect(sql("SELECT {{Array(foo)}}", { foo: "a,b,c,d" })).toBe("SELECT ['a','b','c','d']");
    expect(sql("SELECT {{Array(foo, 'Int32')}}", { foo: "1,2,3,4" })).toBe("SELECT [1,2,3,4]");
    expect(testSql("SELECT {{Array(foo, 'Int32')}}")).toBe("SELECT [0,0]");
    expect(testSql("SELECT {{Array(foo)}}")).toBe("SELECT ['']");
  });

  it("records max_threads as a query setting and leaves a comment", () => {
    const r = renderSqlTemplate("{{max_threads(2)}} SELECT 1", {});
    expect(r.sql).toBe("-- max_threads 2\n SELECT 1");
    expect(r.settings).toEqual({ max_threads: 2 });
  });

  it("renders String placeholders and defaults", () => {
    expect(testSql("SELECT {{String(foo)}}")).toBe("SELECT '__no_value__'");
    expect(testSql("SELECT {{String(foo, 'test')}}")).toBe("SELECT 'test'");
    expect(sql("SELECT {{String(foo, 'test')}}", { foo: "tt" })).toBe("SELECT 'tt'");
    expect(testSql("SELECT {{String(foo + 'abcd')}}")).toBe("SELECT '__no_value__'");
  });
});

describe("render_sql_template doctests: reserved names", () => {
  it.each([
    ["SELECT {{String(format, 'test')}}", { format: "tt" }, '"format" can not be used as a variable name, line 1'],
    ["SELECT {{format}}", { format: "tt" }, '"format" can not be used as a variable name, line 1'],
    ["SELECT {{String(q, 'test')}}", { q: "tt" }, '"q" can not be used as a variable name, line 1'],
  ])("%s fails", (template, vars, message) => {
    const e = renderError(template, vars);
    expect(e.status).toBe(400);
    expect(e.message).toBe(message);
    expect(e.documentation).toBe("https://docs.tinybird.co/query/query-parameters.html");
  });

  it("warns about a reserved parameter name", () => {
    const r = renderSqlTemplate("select * from table where str = {{pipeline}}", { pipeline: "test" });
    expect(r.sql).toBe("select * from table where str = 'test'");
    expect(r.warnings).toEqual([
      'The parameter name "pipeline" is a reserved word. Please, choose another name or the pipe will not work as expected.',
    ]);
  });
});

describe("render_sql_template doctests: column / columns", () => {
  it("column() needs a default when the parameter is missing", () => {
    expect(errorMessage("SELECT {{column(agg)}}")).toBe(
      "Template Syntax Error: Missing column() default value, use `column(column_name, 'default_column_name')`",
    );
    expect(renderError("SELECT {{column(agg)}}").documentation).toBe(
      "https://docs.tinybird.co/cli/advanced-templates.html#column",
    );
  });

  it("column() backticks each dotted part and drops double quotes", () => {
    expect(sql("SELECT {{column(agg)}}", { agg: "foo" })).toBe("SELECT `foo`");
    expect(sql("SELECT {{column(agg)}}", { agg: '"foo"' })).toBe("SELECT `foo`");
    expect(sql("SELECT {{column(agg)}}", { agg: "json.a" })).toBe("SELECT `json`.`a`");
  });

  it("columns() splits a comma list", () => {
    expect(errorMessage("SELECT {{columns(agg)}}")).toBe(
      "Template Syntax Error: Missing columns() default value, use `columns(column_names, 'default_column_name')`",
    );
    expect(sql("SELECT {{columns(agg, 'a,b,c')}} FROM table")).toBe("SELECT `a`,`b`,`c` FROM table");
    expect(sql("SELECT {{columns(agg, 'a,b,c')}} FROM table", { agg: "foo" })).toBe("SELECT `foo` FROM table");
    expect(sql("SELECT {{columns('a,b,c')}} FROM table")).toBe("SELECT `a`,`b`,`c` FROM table");
  });
});

describe("render_sql_template doctests: error text outside tags and test-mode failures", () => {
  it("leaves error()/custom_error() text outside tags alone", () => {
    expect(sql('{% if not defined(test) %}error("This is an error"){% end %}')).toBe('error("This is an error")');
    expect(sql('{% if not defined(test) %}custom_error({error: "This is an error"}){% end %}')).toBe(
      'custom_error({error: "This is an error"})',
    );
  });

  it("calling an unknown name in test mode names it and its line", () => {
    expect(errorMessage("% {% if whatever(passenger_count) %}{% end %}", {}, { testMode: true })).toBe(
      "Template Syntax Error: 'whatever' is not a valid function, line 1",
    );
  });

  it("reports a Python syntax error in a block with its line", () => {
    const e = renderError("% {% if defined((passenger_count) %}{% end %}", {}, { testMode: true });
    expect(e.message).toBe("Syntax error: invalid syntax, line 1");
    expect(e.status).toBe(400);
  });
});

describe("render_sql_template doctests: escaping", () => {
  it("sql_unescape(String(x), '%') keeps % for LIKE", () => {
    expect(
      sql("SELECT * FROM dim_fecha_evento where foo like {{sql_unescape(String(pepe), '%')}}", {
        pepe: "raul_el_bueno_is_the_best_%",
      }),
    ).toBe("SELECT * FROM dim_fecha_evento where foo like 'raul_el_bueno_is_the_best_%'");
  });

  it("escapes double quotes inside string literals", () => {
    expect(sql("SELECT * FROM table WHERE field={{String(field_filter)}}", { field_filter: 'action."test run"' })).toBe(
      "SELECT * FROM table WHERE field='action.\\\"test run\\\"'",
    );
  });

  it("handles 128/256-bit integers exactly", () => {
    expect(
      sql("SELECT {{Int128(foo)}} as x, {{Int128(bar)}} as y", {
        foo: -170141183460469231731687303715884105728n,
        bar: 170141183460469231731687303715884105727n,
      }),
    ).toBe(
      "SELECT toInt128('-170141183460469231731687303715884105728') as x, toInt128('170141183460469231731687303715884105727') as y",
    );
    expect(
      sql("SELECT {{Int256(foo)}} as x, {{Int256(bar)}} as y", {
        foo: -57896044618658097711785492504343953926634992332820282019728792003956564819968n,
        bar: 57896044618658097711785492504343953926634992332820282019728792003956564819967n,
      }),
    ).toBe(
      "SELECT toInt256('-57896044618658097711785492504343953926634992332820282019728792003956564819968') as x, toInt256('57896044618658097711785492504343953926634992332820282019728792003956564819967') as y",
    );
  });
});

describe("render_sql_template doctests: forbidden constructs", () => {
  it.each([
    '% SELECT * FROM {% import os %}{{ os.popen("whoami").read() }}',
    '% SELECT * FROM {% import os %}{{ os.popen("ls").read() }}',
    '% SELECT * FROM {% import os %}{{ os.popen("cat etc/passwd").read() }}',
    '% SELECT * FROM {% from os import popen %}{{ popen("cat etc/passwd").read() }}',
  ])("refuses %s", (template) => {
    expect(errorMessage(template)).toBe("Syntax error: import is forbidden at line 1");
  });

  it("refuses ** inside {{ }}", () => {
    expect(errorMessage("% SELECT {{len([1] * 10**7)}}")).toBe("Template Syntax Error: Invalid BinOp: Pow()");
  });

  it("reports an unclosed if", () => {
    expect(errorMessage("% SELECT {% if defined(x) %} x, 1")).toBe(
      "Syntax error: Missing {% end %} block for if at line 1",
    );
  });
});

describe("render_sql_template doctests: Array defaults", () => {
  it("uses the third argument as the default", () => {
    expect(sql("% SELECT {{Array(click_selector, 'String', 'pre,pro')}}")).toBe("% SELECT ['pre','pro']");
    expect(sql("% SELECT {{Array(click_selector, 'String', 'pre,pro')}}", { click_selector: "hi,hello" })).toBe(
      "% SELECT ['hi','hello']",
    );
    expect(sql("% SELECT {{Array(click_selector, 'String', '')}}")).toBe("% SELECT ['']");
    expect(testSql("% SELECT {{Array(click_selector, 'String', '')}}")).toBe("% SELECT ['']");
  });

  it("validates an empty default against a numeric element type", () => {
    expect(errorMessage("SELECT {{ Array(embedding, 'Int32', '') }}")).toBe(
      "Template Syntax Error: Error validating [][0] (empty string) to type Int32",
    );
  });

  it("passes a DateTime64 default through", () => {
    expect(sql("% SELECT now() > {{DateTime64(variable, '2020-09-09 10:10:10.000')}}")).toBe(
      "% SELECT now() > '2020-09-09 10:10:10.000'",
    );
  });
});

describe("render_sql_template doctests: JSON()", () => {
  const loop = "% SELECT * FROM employees WHERE 0 {% for kv in JSON(payload) %} OR department = {{kv['dp']}} {% end %}";

  it("iterates nothing for a missing payload (default '{}')", () => {
    expect(sql(loop)).toBe("% SELECT * FROM employees WHERE 0 ");
  });

  it("iterates the default and the parameter", () => {
    expect(
      sql(
        `% SELECT * FROM employees WHERE 0 {% for kv in JSON(payload, '[{"dp":"Sales"}]') %} OR department = {{kv['dp']}} {% end %}`,
      ),
    ).toBe("% SELECT * FROM employees WHERE 0  OR department = 'Sales' ");
    expect(sql(loop, { payload: '[{"dp":"Design"},{"dp":"Marketing"}]' })).toBe(
      "% SELECT * FROM employees WHERE 0  OR department = 'Design'  OR department = 'Marketing' ",
    );
  });

  it("reports Python's json error, quoting the first 16 characters", () => {
    expect(
      errorMessage("% {% for kv in JSON(payload) %} department = {{kv['dp']}} {% end %}", {}, { testMode: true }),
    ).toBe("Template Syntax Error: Error parsing JSON: '__no_value__' - Expecting value: line 1 column 1 (char 0)");
    expect(errorMessage("% {% for kv in JSON(payload, '') %} department = {{kv['dp']}} {% end %}")).toBe(
      "Template Syntax Error: Error parsing JSON: '' - Expecting value: line 1 column 1 (char 0)",
    );
  });

  it("fails on .get() of a missing key and of a non-dict", () => {
    expect(
      errorMessage(
        "SELECT * FROM test WHERE {% for item in JSON(filters, '[{}]') %} {{item.get('operand')}} {% end %}",
      ),
    ).toBe("Template Syntax Error: expression \"item.get('operand')\" evaluated to null");
    expect(
      sql(
        `SELECT * FROM test WHERE {% for item in JSON(filters, '[{"operand":"test"}]') %} {{item.get('operand')}} {% end %}`,
      ),
    ).toBe("SELECT * FROM test WHERE  'test' ");
    expect(
      errorMessage(
        `SELECT * FROM test WHERE {% for item in JSON(filters, '["test"]') %} {{item.get('operator')}} {% end %}`,
      ),
    ).toBe(
      "Template Syntax Error: 'str' object has no attribute 'get'. Make sure you're using an object/dictionary where trying to use .get()",
    );
  });
});

describe("render_sql_template doctests: Array parameters are preprocessed into lists", () => {
  const joinTemplate =
    "% {% if defined(test) %}{% set _groupByCSV = ','.join(test) %} SELECT test as aa, {{Array(test, 'String')}} as test, {{_groupByCSV}} as a {% end %}";

  it("from a comma-separated string", () => {
    expect(sql(joinTemplate, { test: "1,2" })).toBe("%  SELECT test as aa, ['1','2'] as test, '1,2' as a ");
  });

  it("from a JSON list", () => {
    expect(sql(joinTemplate, { test: ["1", "2"] })).toBe("%  SELECT test as aa, ['1','2'] as test, '1,2' as a ");
  });

  it("as ints for Array(…, 'Int32')", () => {
    expect(
      sql(
        "% {% if defined(test) %}{% set _total = sum(test) %} SELECT test as aa, {{Array(test, 'Int32')}} as test, {{_total}} as a {% end %}",
        {
          test: "1,2",
        },
      ),
    ).toBe("%  SELECT test as aa, [1,2] as test, 3 as a ");
  });
});

describe("render_sql_template doctests: tb_secret / tb_var", () => {
  const t = "select * from table where str = {{tb_secret('test')}}";

  it("renders a ClickHouse query parameter for an available secret", () => {
    const r = renderSqlTemplate(t, {}, { secrets: { test: "s3cr3t" } });
    expect(r.sql).toBe("select * from table where str = {test: String}");
    expect(r.queryParams).toEqual({ test: "s3cr3t" });
    expect(sql("select * from table where str = {{tb_var('test')}}", {}, { secrets: { test: "x" } })).toBe(
      "select * from table where str = {test: String}",
    );
  });

  it("refuses a missing secret, even when a parameter has its name", () => {
    const message =
      "Template Syntax Error: Cannot access secret 'test'. Check the secret exists in the Workspace and the token has the required scope.";
    expect(errorMessage(t, { test: "1234" })).toBe(message);
    expect(errorMessage(t, {}, { secrets: { test2: "x" } })).toBe(message);
  });

  it("renders the placeholder in test mode", () => {
    expect(testSql(t)).toBe("select * from table where str = {test: String}");
    expect(sql(t, {}, { testMode: true, secrets: { test: "x" } })).toBe(
      "select * from table where str = {test: String}",
    );
  });

  it("uses the default when the secret is missing", () => {
    const withDefault = "select * from table where str = {{tb_secret('test', 'default_value')}}";
    expect(sql(withDefault, {}, { secrets: {} })).toBe("select * from table where str = 'default_value'");
    expect(sql(withDefault, {}, { secrets: { test: "x" } })).toBe("select * from table where str = {test: String}");
    expect(sql("select * from table where str = {{tb_secret('test', '')}}")).toBe("select * from table where str = ''");
    expect(testSql(withDefault)).toBe("select * from table where str = 'default_value'");
    expect(testSql("select * from table where str = {{tb_secret('test', '')}}")).toBe(
      "select * from table where str = ''",
    );
    expect(sql(withDefault, {}, { testMode: true, secrets: { test: "x" } })).toBe(
      "select * from table where str = {test: String}",
    );
  });
});

describe("render_sql_template doctests: the required-parameter message", () => {
  it("lists every typed parameter without a default", () => {
    const e = renderError(
      "select * from table where str = {{String(test)}} and category = {{String(category, 'shirts')}} and color = {{ Int32(color)}}",
    );
    expect(e.status).toBe(400);
    expect(e.message).toBe(
      "Template Syntax Error: Required parameter is not defined. Check the parameters test and color. Please provide a value or set a default value in the pipe code.",
    );
    expect(e.documentation).toBe(REQUIRED_DOC);
  });

  it("ignores SQL text that merely looks like a call", () => {
    expect(errorMessage("select columns(cols, 'salary') from table where str = {{String(test)}}")).toBe(
      "Template Syntax Error: Required parameter is not defined. Check the parameters test. Please provide a value or set a default value in the pipe code.",
    );
  });
});
