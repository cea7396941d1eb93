/**
 * Tinybird's two variable analyses over a parsed template:
 * - get_var_names: every name the compiled Python references (CPython `co_names` order), with its line;
 * - get_var_names_and_types: typed parameters from an AST walk (types, defaults, kwargs metadata).
 */
import { childNodes, type Comprehension, type Expr, type Node } from "./py-ast";
import { BUILTIN_NAMES } from "./py-builtins";
import { valueError } from "./py-exception";
import { pyStr } from "./py-format";
import { truthy } from "./py-ops";
import { parseControlHeader, parseModule, parseSetStatements } from "./py-parser";
import { hashKey, type PyValue } from "./py-values";
import { VALID_CUSTOM_FUNCTION_NAMES } from "./security-check";
import { FUNCTION_LIST_NAMES, NAMESPACE_NAMES } from "./sql-functions";
import type { Chunk } from "./tornado-parser";

/** sql_template.reserved_vars: builtins and internals, minus `format`, `q` and `id` (which must stay visible). */
const RESERVED_VARS = new Set([
  ...[...BUILTIN_NAMES].filter((n) => n !== "format" && n !== "id"),
  "_tt_tmp",
  "_tt_append",
  "isinstance",
  "str",
  "error",
  "custom_error",
]);

const PARAMETER_TYPES = new Set([
  "String",
  "Boolean",
  "DateTime64",
  "DateTime",
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
  "Array",
  "JSON",
]);

export interface VarName {
  name: string;
  line: number;
}

// ---- co_names --------------------------------------------------------------------------------------------------------

/** Names in the order CPython's compiler records them (loads, stores and attribute names alike). */
class CoNames {
  readonly names: string[] = [];
  private readonly seen = new Set<string>();

  add(n: string): void {
    if (!this.seen.has(n)) {
      this.seen.add(n);
      this.names.push(n);
    }
  }

  expr(e: Expr | undefined | null): void {
    if (!e) return;
    switch (e.type) {
      case "Name":
        return this.add(e.id);
      case "Attribute":
        this.expr(e.value);
        return this.add(e.attr);
      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
      case "DictComp":
        // Comprehension bodies compile into their own code object; only the outer iterable is ours.
        return this.expr((e.generators[0] as Comprehension).iter);
      case "Lambda":
        return e.args.defaults.forEach((d) => this.expr(d));
      case "IfExp":
        this.expr(e.test);
        this.expr(e.body);
        return this.expr(e.orelse);
      case "Dict":
        return e.keys.forEach((k, i) => {
          this.expr(k);
          this.expr(e.values[i]);
        });
      case "NamedExpr":
        this.expr(e.value);
        return this.expr(e.target);
      default:
        for (const c of childNodes(e)) this.expr(c as Expr);
    }
  }

  node(n: Node): void {
    switch (n.type) {
      case "Assign":
        this.expr(n.value);
        return n.targets.forEach((t) => this.expr(t));
      case "AugAssign":
        this.expr(n.target);
        return this.expr(n.value);
      case "Import":
        return n.names.forEach((a) => this.add(a.asname ?? a.name.split(".")[0] ?? a.name));
      case "ImportFrom":
        if (n.module) this.add(n.module);
        return n.names.forEach((a) => this.add(a.asname ?? a.name));
      case "Expr":
        return this.expr(n.value);
      case "Delete":
        return n.targets.forEach((t) => this.expr(t));
      case "Pass":
      case "Break":
      case "Continue":
        return;
      default:
        return this.expr(n);
    }
  }
}

function splitOperator(statement: string): [string, string] {
  const space = statement.indexOf(" ");
  return space === -1 ? [statement, ""] : [statement.slice(0, space), statement.slice(space + 1)];
}

/** The Python nodes of a control statement, in the order its compiled header visits them. */
function headerNodes(statement: string): Node[] {
  const [op, rest] = splitOperator(statement);
  if (op !== "if" && op !== "elif" && op !== "while" && op !== "for" && op !== "except") return [];
  const h = parseControlHeader(op, rest);
  if (h.kind === "for") return [h.target, h.iter];
  if (h.kind === "except") return h.exceptionType ? [h.exceptionType] : [];
  return [h.test];
}

const isReserved = (n: string) => NAMESPACE_NAMES.has(n) || RESERVED_VARS.has(n);

/** sql_template.get_var_names */
export function templateVarNames(chunks: Chunk[]): VarName[] {
  const out: VarName[] = [];
  const collect = (line: number, fill: (c: CoNames) => void) => {
    const c = new CoNames();
    fill(c);
    for (const name of c.names) if (!isReserved(name)) out.push({ name, line });
  };
  const walk = (list: Chunk[]) => {
    for (const x of list) {
      if (x.kind === "expression") collect(x.line, (c) => parseModule(x.source).forEach((s) => c.node(s)));
      else if (x.kind === "block") {
        if (x.statement !== "try")
          collect(x.line, (c) => {
            const [op, rest] = splitOperator(x.statement);
            const h = parseControlHeader(op as "if", rest);
            if (h.kind === "for") {
              c.expr(h.iter);
              c.expr(h.target);
            } else if (h.kind !== "except") c.expr(h.test);
          });
        walk(x.body);
      } else if (x.kind === "intermediate") {
        if (x.statement.startsWith("elif ")) collect(x.line, (c) => headerNodes(x.statement).forEach((n) => c.node(n)));
        else if (x.statement.startsWith("except "))
          collect(x.line, (c) => {
            const h = parseControlHeader("except", splitOperator(x.statement)[1]);
            if (h.kind !== "except") return;
            c.expr(h.exceptionType);
            if (h.name) c.add(h.name);
          });
      } else if (x.kind === "statement" && x.operator === "set" && !x.statement.includes("{{"))
        collect(x.line, (c) => parseSetStatements(x.statement).forEach((s) => c.node(s)));
    }
  };
  walk(chunks);
  return out;
}

// ---- typed variables -------------------------------------------------------------------------------------------------

/** One entry of get_var_names_and_types: `name` plus the dict fields in Python's insertion order. */
export interface TypedVar {
  name: PyValue;
  fields: Map<string, PyValue>;
}

type WalkNode = Node | { type: "keyword"; value: Expr } | { type: "comprehension"; gen: Comprehension };

function walkChildren(n: WalkNode): WalkNode[] {
  switch (n.type) {
    case "keyword":
      return [n.value];
    case "comprehension":
      return [n.gen.target, n.gen.iter, ...n.gen.ifs];
    case "Call":
      return [n.func, ...n.args, ...n.keywords.map((k): WalkNode => ({ type: "keyword", value: k.value }))];
    case "ListComp":
    case "SetComp":
    case "GeneratorExp":
      return [n.elt, ...n.generators.map((gen): WalkNode => ({ type: "comprehension", gen }))];
    case "DictComp":
      return [n.key, n.value, ...n.generators.map((gen): WalkNode => ({ type: "comprehension", gen }))];
    default:
      return childNodes(n);
  }
}

const MAX_SAFE_INTEGER = 9007199254740991n;
const checkDefault = (v: PyValue): PyValue => (typeof v === "bigint" && v > MAX_SAFE_INTEGER ? v.toString() : v);

/** get_var_data's node_to_value: literal-ish value of a call argument (throws where Python would). */
function nodeToValue(x: Expr): PyValue {
  switch (x.type) {
    case "Constant": {
      const v = x.value;
      return v !== null && typeof v === "object" && !Array.isArray(v) ? null : (v as PyValue);
    }
    case "Name":
      return x.id;
    case "List": {
      const first = x.elts[0];
      if (!first) return [];
      if (first.type === "Constant")
        return x.elts.map((e) => {
          if (e.type !== "Constant") throw new Error("mixed list");
          return e.value as PyValue;
        });
      if (first.type === "Name")
        return x.elts.map((e) => {
          if (e.type !== "Name") throw new Error("mixed list");
          return e.id;
        });
      return [];
    }
    case "BinOp": {
      const r = nodeToValue(x.left);
      return truthy(r) ? r : nodeToValue(x.right);
    }
    case "UnaryOp": {
      if (x.operand.type !== "Constant") return null;
      const v = x.operand.value as PyValue;
      if (x.op !== "USub") return v;
      if (typeof v === "bigint") return -v;
      if (typeof v === "number") return -v;
      if (typeof v === "boolean") return v ? -1n : 0n;
      if (typeof v === "string") return "";
      throw new Error("bad operand");
    }
    default:
      return null;
  }
}

class VarData {
  readonly vars = new Map<unknown, TypedVar>();

  private set(name: PyValue, fields: Map<string, PyValue>): void {
    const key = hashKey(name);
    const existing = this.vars.get(key);
    // Re-assigning a dict key keeps its original position (and original key object).
    if (existing) existing.fields = fields;
    else this.vars.set(key, { name, fields });
  }

  private call(n: Expr & { type: "Call" }): void {
    if (n.func.type !== "Name") return;
    const func = n.func.id;
    let args: PyValue[];
    const kwargs = new Map<string, PyValue>();
    try {
      args = n.args.filter((a) => a.type !== "Call").map(nodeToValue);
      for (const k of n.keywords) {
        if (k.arg === null) continue;
        const value = nodeToValue(k.value);
        kwargs.set(k.arg, k.arg === "default" ? checkDefault(value) : value);
      }
    } catch {
      return; // Tinybird logs and skips calls it cannot read.
    }
    const notAList = () => {
      if (Array.isArray(args[0])) throw valueError(`"${pyStr(args[0])}" can not be used as a variable name`);
    };
    const first = args[0] ?? null;
    if (VALID_CUSTOM_FUNCTION_NAMES.has(func)) {
      notAList();
      if (args.length > 0 && !this.vars.has(hashKey(first)) && truthy(first))
        this.set(
          first,
          new Map<string, PyValue>([
            ["type", "String"],
            ["default", null],
            ["used_in", "function_call"],
          ]),
        );
    } else if (func === "Array") {
      if (!kwargs.has("default"))
        kwargs.set("default", checkDefault(args.length > 2 && truthy(args[2] ?? null) ? (args[2] ?? null) : null));
      if (args.length) {
        notAList();
        this.set(
          first,
          new Map<string, PyValue>([
            ["type", args.length > 1 ? `Array(${pyStr(args[1] ?? null)})` : "Array(String)"],
            ...kwargs,
          ]),
        );
      }
    } else if (PARAMETER_TYPES.has(func) && args.length && first !== null) {
      if (!kwargs.has("default")) kwargs.set("default", checkDefault(args.length > 1 ? (args[1] ?? null) : null));
      notAList();
      this.set(first, new Map<string, PyValue>([["type", func], ...kwargs]));
    }
  }

  /** Breadth-first over the AST like Tinybird's deque walk, tracking each node's parent. */
  walk(roots: Node[]): this {
    const queue: [WalkNode, WalkNode | undefined][] = roots.map((r) => [r, undefined]);
    for (let i = 0; i < queue.length; i++) {
      const [node, parent] = queue[i] as [WalkNode, WalkNode | undefined];
      if (node.type === "Call") this.call(node);
      else if (node.type === "Name") {
        const parentIsCall = parent?.type === "Call";
        const reserved = RESERVED_VARS.has(node.id) || FUNCTION_LIST_NAMES.has(node.id) || NAMESPACE_NAMES.has(node.id);
        if (!parentIsCall && !reserved)
          this.set(
            node.id,
            new Map<string, PyValue>([
              ["type", "String"],
              ["default", null],
            ]),
          );
      }
      for (const c of walkChildren(node)) queue.push([c, node]);
    }
    return this;
  }

  list(): TypedVar[] {
    return [...this.vars.values()];
  }
}

const varData = (roots: Node[]) => new VarData().walk(roots).list();
const EMBEDDED = /\{\{(.*?)\}\}/g;

/** sql_template.get_var_names_and_types */
export function templateVarTypes(chunks: Chunk[]): TypedVar[] {
  const typed = new Set<unknown>();
  const out: TypedVar[] = [];

  const parseStatement = (statement: string, roots: (code: string) => Node[]) => {
    const fromEmbedded = new Set<unknown>();
    if (statement.includes("{{") && statement.includes("}}"))
      for (const m of statement.matchAll(EMBEDDED)) {
        const expr = (m[1] ?? "").trim();
        if (!expr) continue;
        let vd: TypedVar[];
        try {
          vd = varData(parseModule(expr));
        } catch {
          continue;
        }
        for (const v of vd) {
          if (typed.has(hashKey(v.name))) continue;
          fromEmbedded.add(hashKey(v.name));
          out.push(v);
        }
      }
    let vd: TypedVar[];
    try {
      const code =
        statement.includes("{{") && statement.includes("}}") ? statement.replace(EMBEDDED, "None") : statement;
      vd = varData(roots(code));
    } catch {
      return; // Tinybird ignores statements it cannot analyse.
    }
    for (const v of vd) if (!typed.has(hashKey(v.name)) && !fromEmbedded.has(hashKey(v.name))) out.push(v);
  };

  const walk = (list: Chunk[]) => {
    for (const x of list) {
      if (x.kind === "expression") {
        const vd = varData(parseModule(x.source));
        vd.forEach((v) => typed.add(hashKey(v.name)));
        out.push(...vd);
      } else if (x.kind === "block") {
        walk(x.body);
        if (x.statement !== "try") parseStatement(x.statement, headerNodes);
      } else if (x.kind === "intermediate") {
        if (x.statement.startsWith("elif ") || x.statement.startsWith("except "))
          parseStatement(x.statement, headerNodes);
      } else if (x.kind === "statement" && x.operator === "set" && !x.statement.includes("{{"))
        parseStatement(x.statement, parseSetStatements);
    }
  };
  walk(chunks);
  return out;
}
