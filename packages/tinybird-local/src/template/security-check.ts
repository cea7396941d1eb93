/** The AST whitelist Tinybird applies to every `{{ }}` expression (tornado_template.check_valid_code). */
import { dumpAst, type Expr, type Node } from "./py-ast";
import { PyException } from "./py-exception";
import { parseModule } from "./py-parser";

export const VALID_CUSTOM_FUNCTION_NAMES = new Set([
  "defined",
  "column",
  "columns",
  "day_diff",
  "date_diff_in_seconds",
  "date_diff_in_minutes",
  "date_diff_in_hours",
  "date_diff_in_days",
  "split_to_array",
  "enumerate_with_last",
  "sql_and",
]);

const VALID_FUNCTION_NAMES = new Set([
  "Boolean",
  "DateTime",
  "DateTime64",
  "Date",
  "Float32",
  "Float64",
  "Int8",
  "Int16",
  "Int32",
  "Int64",
  "Int128",
  "Int256",
  "UInt8",
  "UInt16",
  "UInt32",
  "UInt64",
  "UInt128",
  "UInt256",
  "String",
  "Array",
  "symbol",
  "cache_ttl",
  "error",
  "custom_error",
  "backend_hint",
  "activate",
  "sql_unescape",
  "max_threads",
  "tb_secret",
  "tb_var",
  "Int",
  "table",
  "TABLE",
  "len",
  "list",
  "min",
  "max",
  "Integer",
  "int",
  "float",
  "JSON",
  ...VALID_CUSTOM_FUNCTION_NAMES,
]);

const VALID_METHOD_NAMES = new Set(["split", "get", "join", "replace"]);

const security = (message: string) => new PyException("SecurityException", message);

function check(node: Node | null): void {
  if (node === null) throw security("Invalid expression type: None");
  const e: Node = node.type === "Expr" ? node.value : node;
  switch (e.type) {
    case "Call": {
      const f = e.func;
      if (f.type === "Name") {
        if (!VALID_FUNCTION_NAMES.has(f.id)) throw security(`Invalid function name: ${f.id}`);
      } else if (f.type === "Call") check(f);
      else if (f.type === "Attribute") {
        if (!VALID_METHOD_NAMES.has(f.attr)) throw security(`Invalid method name: ${f.attr}`);
        check(f.value);
      } else throw security(`Invalid function: ${dumpAst(e)}`);
      // Keyword argument values are not inspected by Tinybird's checker.
      e.args.forEach(check);
      return;
    }
    case "Constant": {
      const v = e.value;
      if (v === null || typeof v !== "object") return;
      throw security(`Invalid Constant: ${dumpAst(e)}`);
    }
    case "Name":
      return;
    case "UnaryOp":
      if (e.op !== "USub" && e.op !== "Not") throw security(`Invalid UnaryOp: ${e.op}()`);
      return check(e.operand);
    case "BinOp":
      if (e.op !== "Add" && e.op !== "Mult" && e.op !== "Sub") throw security(`Invalid BinOp: ${e.op}()`);
      check(e.left);
      return check(e.right);
    case "Subscript": {
      check(e.value);
      const s: Expr = e.slice;
      if (s.type === "Slice") {
        if (s.lower) check(s.lower);
        if (s.upper) check(s.upper);
      } else if (s.type === "Constant" || s.type === "Subscript") check(s);
      else throw security(`Invalid Slice expression: ${dumpAst(s)}`);
      return;
    }
    case "Dict":
      e.keys.forEach(check);
      e.values.forEach(check);
      return;
    case "Tuple":
    case "List":
    case "Set":
      e.elts.forEach(check);
      return;
    case "JoinedStr":
      e.values.forEach(check);
      return;
    case "FormattedValue":
      return check(e.value);
    case "IfExp":
      check(e.test);
      check(e.body);
      return check(e.orelse);
    default:
      throw security(`Invalid expression type: ${dumpAst(e)}`);
  }
}

/** Throws SecurityException (disallowed construct) or SyntaxError (unparsable), like Tinybird's `_Expression`. */
export function checkValidCode(code: string): void {
  for (const stmt of parseModule(code)) check(stmt);
}
