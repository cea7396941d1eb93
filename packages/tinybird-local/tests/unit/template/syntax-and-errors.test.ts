/**
 * Template syntax (Tornado's tokenizer as Tinybird forked it), the `{{ }}` security whitelist, and how every kind of
 * failure reaches the client: status, message and documentation link as Tinybird's API handlers produce them.
 */
import { describe, expect, it } from "vitest";
import { renderSqlTemplate } from "../../../src/template/index";
import { errorMessage, renderError, sql, testSql } from "./template-test-helpers";

describe("template syntax", () => {
  it("drops {# comments #} and {% comment %} tags", () => {
    expect(sql("SELECT 1{# a note #} + 1 {% comment anything at all %}")).toBe("SELECT 1 + 1 ");
  });

  it("escapes tags with {{! {%! {#!", () => {
    expect(sql("{{! x }} {%! if %} {#! y #}")).toBe("{{ x }} {% if %} {# y #}");
  });

  it("opens the innermost pair when three braces are in a row", () => {
    expect(sql("{{{x}}}", { x: "v" })).toBe("{'v'}");
  });

  it("keeps a lone brace and text verbatim", () => {
    expect(sql("SELECT map('a', 1) AS m, '{' AS brace, {1: 2} FROM t")).toBe(
      "SELECT map('a', 1) AS m, '{' AS brace, {1: 2} FROM t",
    );
  });

  it("supports elif/else chains, nested blocks, for/else, while, break and continue", () => {
    const t =
      "{% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% elif x == 4 %}{% break %}{% else %}{{x}},{% end %}{% else %}never{% end %}" +
      "{% set n = 0 %}{% while n < 3 %}{% set n = n + 1 %}{{n}}{% end %}";
    expect(sql(t)).toBe("1,3,123");
    expect(sql("{% for x in [] %}x{% else %}empty{% end %}")).toBe("empty");
  });

  it("runs try/except/else/finally with Python semantics", () => {
    expect(
      sql(
        "{% try %}{{ Int32(x) }}{% except ValueError as e %}{% set m = str(e) %}bad: {{ m }}{% else %}ok{% finally %}!{% end %}",
        { x: "a" },
      ),
    ).toBe("bad: 'Template Syntax Error: Error validating \\'a\\' to type Int32'!");
    expect(
      sql("{% try %}{{ Int32(x) }}{% except ValueError %}bad{% else %} ok{% finally %}!{% end %}", { x: "1" }),
    ).toBe("toInt32('1') ok!");
    expect(sql("{{ str }}")).toBe("<class 'str'>");
    expect(sql("{% try %}a{{ [][0] }}{% except (KeyError, IndexError) %}b{% end %}")).toBe("ab");
  });

  it("applies {% whitespace %} modes to the text that follows", () => {
    expect(sql("a  \n\n  b{% whitespace oneline %}c  \n\n  d")).toBe("a  \n\n  bc d");
    expect(sql("{% whitespace single %}a  \t b\n\n\n c")).toBe("a b\nc");
  });
});

describe("forbidden tags (ParseError → 'Syntax error: … at line N')", () => {
  it.each([
    ["{% import os %}", "import is forbidden"],
    ["{% from os import path %}", "import is forbidden"],
    ["{% include 'other.sql' %}", "include is forbidden"],
    ["{% extends 'base.sql' %}", "extends is forbidden"],
    ["{% apply upper %}x{% end %}", "apply is forbidden"],
    ["{% raw x %}", "raw is forbidden"],
    ["{% module Template('x') %}", "module is forbidden"],
    ["{% autoescape None %}", "autoescape is forbidden"],
  ])("%s", (tag, message) => {
    const e = renderError(`SELECT 1\n${tag}`);
    expect(e.status).toBe(400);
    expect(e.message).toBe(`Syntax error: ${message} at line 2`);
  });

  it("parses a block body before refusing the block (error at the line it ends)", () => {
    expect(errorMessage("{% block a %}\n\n{% end %}")).toBe("Syntax error: block is forbidden at line 3");
  });

  it.each([
    ["{{ x", "Missing end expression }} at line 1"],
    ["{{  }}", "Empty expression at line 1"],
    ["SELECT\n{% if x", "Missing end block %} at line 2"],
    ["{%  %}", "Empty block tag ({% %}) at line 1"],
    ["{# never closed", "Missing end comment #} at line 1"],
    ["{% end %}", "Extra {% end %} block at line 1"],
    ["{% set %}", "set missing statement at line 1"],
    ["{% endif %}", "unknown operator: 'endif' at line 1"],
    ["{% elif x %}", "elif outside {'if'} block at line 1"],
    ["{% try %}{% except %}{% elif x %}{% end %}", "elif block cannot be attached to try block at line 1"],
    ["{% if x %}{% except %}{% end %}", "except block cannot be attached to if block at line 1"],
    ["{% break %}", "break outside {'for', 'while'} block at line 1"],
  ])("%s", (template, message) => {
    expect(errorMessage(template)).toBe(`Syntax error: ${message}`);
  });

  it("reports an unclosed block at the line the parser stopped, always naming it 'if'", () => {
    expect(errorMessage("SELECT\n{% for x in y %}\nx\n")).toBe(
      "Syntax error: Missing {% end %} block for if at line 2",
    );
    expect(errorMessage("SELECT\n{% if x %}\n{{ y }}\nz")).toBe(
      "Syntax error: Missing {% end %} block for if at line 3",
    );
  });

  it("reports Python syntax errors with the tag's line", () => {
    expect(errorMessage("SELECT 1\n{% if x %}a{% else %}b{% elif y %}c{% end %}")).toBe(
      "Syntax error: invalid syntax, line 2",
    );
    expect(errorMessage("{% try %}x{% end %}")).toBe("Syntax error: expected 'except' or 'finally' block, line 1");
    expect(errorMessage("{% try %}x{% except %}y{% except ValueError %}z{% end %}")).toBe(
      "Syntax error: default 'except:' must be last, line 1",
    );
    expect(errorMessage("\n{% set x = (1 %}")).toBe("Syntax error: '(' was never closed, line 2");
    expect(errorMessage("{% if a\n and b %}x{% end %}")).toBe("Syntax error: unexpected indent, line 1");
  });

  it("reports {{ }} syntax errors without a line, and 'from' specially", () => {
    expect(errorMessage("SELECT {{ foo( }}")).toBe("Syntax error: '(' was never closed");
    expect(errorMessage("SELECT {{ a b }}")).toBe("Syntax error: invalid syntax");
    expect(errorMessage("SELECT {{ from }}")).toBe('Syntax error: "from" is a forbidden word at line 1');
  });
});

describe("the {{ }} whitelist (SecurityException → Template Syntax Error)", () => {
  it.each([
    ["{{ eval('1') }}", "Invalid function name: eval"],
    ["{{ open('/etc/passwd') }}", "Invalid function name: open"],
    ["{{ x.lower() }}", "Invalid method name: lower"],
    ["{{ 1 / 2 }}", "Invalid BinOp: Div()"],
    ["{{ 7 % 2 }}", "Invalid BinOp: Mod()"],
    ["{{ +x }}", "Invalid UnaryOp: UAdd()"],
    [
      "{{ a == 1 }}",
      "Invalid expression type: Compare(left=Name(id='a', ctx=Load()), ops=[Eq()], comparators=[Constant(value=1)])",
    ],
    [
      "{{ a and b }}",
      "Invalid expression type: BoolOp(op=And(), values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())])",
    ],
    ["{{ items[i] }}", "Invalid Slice expression: Name(id='i', ctx=Load())"],
    [
      "{{ [x for x in y] }}",
      "Invalid expression type: ListComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])",
    ],
    ["{{ b'x' }}", "Invalid Constant: Constant(value=b'x')"],
    ["{{ x = 1 }}", "Invalid expression type: Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))"],
    ["{{ disable('analyzer') }}", "Invalid function name: disable"],
  ])("%s → %s", (template, message) => {
    const e = renderError(template, { x: "a", a: "1", items: ["z"], i: 0 });
    expect(e.status).toBe(400);
    expect(e.message).toBe(`Template Syntax Error: ${message}`);
  });

  it("allows what the whitelist allows: calls, + - *, subscripts by constant, literals, f-strings, conditionals", () => {
    expect(
      sql(
        "{{ split_to_array(x)[0] }} {{ Int32(n, 1) * 2 - 1 }} {{ {'k': 'v'}['k'] }} {{ f'{x}_suffix' }} {{ 'yes' if x else 'no' }} {{ -len(x) }}",
        {
          x: "a,b",
          n: "3",
        },
      ),
    ).toBe("'a' 5 'v' 'a,b_suffix' 'yes' -3");
  });

  it("checks neither keyword values nor {% %} code (Tinybird's checker does not)", () => {
    expect(sql("{% if x.lower() == 'a' and 7 % 2 == 1 %}ok{% end %}", { x: "A" })).toBe("ok");
    expect(sql("{{ String(x, default=len('abc')) }}")).toBe("'3'");
  });
});

describe("error() and custom_error()", () => {
  it("error() is always a 400 with the query-parameters documentation, whatever code is passed", () => {
    const e = renderError("{% if not defined(org) %}{{ error('org is required', 404) }}{% end %}SELECT 1");
    expect(e.status).toBe(400);
    expect(e.message).toBe("org is required");
    expect(e.documentation).toBe("https://docs.tinybird.co/query/query-parameters.html");
  });

  it("custom_error(dict, code) returns the JSON body and status verbatim", () => {
    const e = renderError("{{ custom_error({'error': 'not found', 'code': 404, 'path': '</x>'}, 404) }}");
    expect(e.status).toBe(404);
    expect(e.contentType).toBe("application/json");
    expect(e.body).toBe('{"error": "not found", "code": 404, "path": "<\\/x>"}');
  });

  it("custom_error(str, code) is sent as text/html", () => {
    const e = renderError("{{ custom_error('teapot', 418) }}");
    expect(e.status).toBe(418);
    expect(e.contentType).toBe("text/html");
    expect(e.body).toBe("teapot");
  });

  it("both are no-ops rendering a literal comment in test mode", () => {
    expect(testSql("SELECT {{ error('x') }}1")).toBe("SELECT -- {x} \n1");
  });
});

describe("runtime errors as Tinybird reports them", () => {
  it("a {% set %} name is a local everywhere in the template (UnboundLocalError)", () => {
    expect(errorMessage("{% set limit = Int32(limit, 10) %}LIMIT {{limit}}", { limit: "5" })).toBe(
      "Template Syntax Error: cannot access local variable 'limit' where it is not associated with a value",
    );
  });

  it("a type function called without its parameter", () => {
    const e = renderError("SELECT {{ Int32() }}");
    expect(e.message).toBe("Template Syntax Error: one of the transform type functions is missing an argument");
    expect(e.documentation).toBe("https://docs.tinybird.co/cli/advanced-templates.html#transform-types-functions");
  });

  it("calling an unknown name in normal mode", () => {
    expect(errorMessage("{% if is_admin(user) %}x{% end %}")).toBe(
      "Template Syntax Error: wrong syntax, you might be using a not valid function inside a control block",
    );
  });

  it("ordering comparisons between incompatible types are 400s with Python's message", () => {
    const e = renderError("{% if limit > 5 %}x{% end %}", { limit: "10" });
    expect(e.message).toBe("'>' not supported between instances of 'str' and 'int'");
    expect(e.documentation).toBe("https://docs.tinybird.co/query/query-parameters.html");
    expect(errorMessage("{% if limit > 5 %}x{% end %}", {}, { testMode: true })).toBe(
      "'>' not supported between instances of 'Placeholder' and 'int'. If you are using a dynamic parameter, you need to wrap it around a valid Data Type (e.g. Int8(placeholder))",
    );
  });

  it("AttributeError and IndexError become template errors", () => {
    expect(errorMessage("{{ items.get('a') }}", { items: [1] })).toBe(
      "Template Syntax Error: 'list' object has no attribute 'get'",
    );
    expect(errorMessage("{{ x[3] }}", { x: "ab" })).toBe(
      "Template Syntax Error: String index out of range. Check that string parameters have values before accessing specific characters (e.g., param[0]). Provide default values or add length checks in your template.",
    );
    expect(errorMessage("{{ split_to_array(x)[3] }}", { x: "ab" })).toBe(
      "Template Syntax Error: list index out of range",
    );
  });

  it("an undefined name in a comprehension is a NameError", () => {
    expect(errorMessage("{% set xs = [zz for y in [1]] %}")).toBe("Template Syntax Error: name 'zz' is not defined");
  });

  it("other Python exceptions are server errors carrying str(e)", () => {
    const e = renderError("{% set d = {'a': 1} %}{{ d['b'] }}");
    expect(e.status).toBe(500);
    expect(e.message).toBe("'b'");
    expect(renderError("{% set x = 1 // 0 %}").message).toBe("integer division or modulo by zero");
  });

  it("a top-level comma in {{ }} becomes extra expression_wrapper() arguments", () => {
    expect(errorMessage("{{ a, b }}", { a: "1", b: "2" })).toBe(
      "expression_wrapper() got multiple values for argument 'escape_arrays'",
    );
    expect(errorMessage("{{ a, b, c }}", { a: "1", b: "2", c: "3" })).toBe(
      "expression_wrapper() takes from 2 to 3 positional arguments but 4 were given",
    );
    expect(sql("{{ (a, b) }}", { a: "1", b: "2" })).toBe("('1', '2')");
  });

  it("a template variable named length turns generic failures into Tinybird's length message", () => {
    expect(errorMessage("{% set l = 1 // 0 %}{{ String(length, 'x') }}")).toBe(
      "Template Syntax Error: length cannot be used as a variable name or as a function inside of a template",
    );
  });

  it("stops runaway loops instead of hanging", () => {
    expect(errorMessage("{% while True %}{% end %}")).toBe(
      "Template execution exceeded the local loop iteration limit",
    );
  });

  it("reports Python features the local engine does not emulate as a clear 400", () => {
    const e = renderError("{% set x = eval('1') %}");
    expect(e.status).toBe(400);
    expect(e.message).toBe("The builtin eval() is not supported by the local Tinybird template engine");
  });

  it("renders no SQL and no partial output on failure", () => {
    expect(() => renderSqlTemplate("SELECT 1 {{ error('boom') }}", {})).toThrow("boom");
  });
});

describe("reserved parameter names", () => {
  it("warns once listing every reserved name, in order of use", () => {
    const r = renderSqlTemplate("{{String(token, 'x')}} {{String(debug, 'y')}} {{String(tag, 'z')}}", {});
    expect(r.warnings).toEqual([
      'The parameter names "token", "debug" and "tag" are reserved words. Please, choose another name or the pipe will not work as expected.',
    ]);
  });

  it("refuses format/q anywhere Python sees the name, with its line", () => {
    expect(errorMessage("SELECT 1\n\n{% if defined(q) %}x{% end %}")).toBe(
      '"q" can not be used as a variable name, line 3',
    );
    expect(errorMessage("{% set s = '{}'.format(1) %}")).toBe('"format" can not be used as a variable name, line 1');
  });
});
