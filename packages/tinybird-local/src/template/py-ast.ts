/** A Python AST mirroring CPython's `ast` node names and fields, plus `ast.dump()` (used in security errors). */
import { floatRepr, strRepr } from "./py-format";
import type { PyValue } from "./py-values";

export type Ctx = "Load" | "Store" | "Del";
export type BinOpName =
  | "Add"
  | "Sub"
  | "Mult"
  | "MatMult"
  | "Div"
  | "Mod"
  | "Pow"
  | "LShift"
  | "RShift"
  | "BitOr"
  | "BitXor"
  | "BitAnd"
  | "FloorDiv";
export type CmpOpName = "Eq" | "NotEq" | "Lt" | "LtE" | "Gt" | "GtE" | "Is" | "IsNot" | "In" | "NotIn";
export type UnaryOpName = "UAdd" | "USub" | "Not" | "Invert";

/** Constant values the evaluator cannot represent as a PyValue. */
export type SpecialConst = { bytes: string } | { ellipsis: true };
export type ConstValue = PyValue | SpecialConst;

export interface Keyword {
  arg: string | null;
  value: Expr;
}
export interface Comprehension {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}
export interface Arguments {
  args: string[];
  defaults: Expr[];
}

export type Expr =
  | { type: "Constant"; value: ConstValue; kind?: "u" }
  | { type: "Name"; id: string; ctx: Ctx }
  | { type: "Attribute"; value: Expr; attr: string; ctx: Ctx }
  | { type: "Subscript"; value: Expr; slice: Expr; ctx: Ctx }
  | { type: "Slice"; lower?: Expr; upper?: Expr; step?: Expr }
  | { type: "Call"; func: Expr; args: Expr[]; keywords: Keyword[] }
  | { type: "Starred"; value: Expr; ctx: Ctx }
  | { type: "BinOp"; left: Expr; op: BinOpName; right: Expr }
  | { type: "UnaryOp"; op: UnaryOpName; operand: Expr }
  | { type: "BoolOp"; op: "And" | "Or"; values: Expr[] }
  | { type: "Compare"; left: Expr; ops: CmpOpName[]; comparators: Expr[] }
  | { type: "IfExp"; test: Expr; body: Expr; orelse: Expr }
  | { type: "List"; elts: Expr[]; ctx: Ctx }
  | { type: "Tuple"; elts: Expr[]; ctx: Ctx }
  | { type: "Set"; elts: Expr[] }
  | { type: "Dict"; keys: (Expr | null)[]; values: Expr[] }
  | { type: "ListComp" | "SetComp" | "GeneratorExp"; elt: Expr; generators: Comprehension[] }
  | { type: "DictComp"; key: Expr; value: Expr; generators: Comprehension[] }
  | { type: "JoinedStr"; values: Expr[] }
  | { type: "FormattedValue"; value: Expr; conversion: number; format_spec?: Expr }
  | { type: "Lambda"; args: Arguments; body: Expr }
  | { type: "NamedExpr"; target: Expr; value: Expr };

export interface Alias {
  name: string;
  asname?: string;
}

export type Stmt =
  | { type: "Expr"; value: Expr }
  | { type: "Assign"; targets: Expr[]; value: Expr }
  | { type: "AugAssign"; target: Expr; op: BinOpName; value: Expr }
  | { type: "Delete"; targets: Expr[] }
  | { type: "Import"; names: Alias[] }
  | { type: "ImportFrom"; module: string | null; names: Alias[]; level: number }
  | { type: "Pass" }
  | { type: "Break" }
  | { type: "Continue" };

export type Node = Expr | Stmt;

function dumpConst(v: ConstValue): string {
  if (v === null) return "None";
  switch (typeof v) {
    case "boolean":
      return v ? "True" : "False";
    case "bigint":
      return v.toString();
    case "number":
      return floatRepr(v);
    case "string":
      return strRepr(v);
  }
  if (typeof v === "object" && "bytes" in v) return "b" + strRepr(v.bytes);
  if (typeof v === "object" && "ellipsis" in v) return "Ellipsis";
  return String(v);
}

const list = (xs: readonly (Node | null)[]) => "[" + xs.map((x) => (x ? dumpAst(x) : "None")).join(", ") + "]";
const ctx = (c: Ctx) => `${c}()`;
const comp = (g: Comprehension) =>
  `comprehension(target=${dumpAst(g.target)}, iter=${dumpAst(g.iter)}, ifs=${list(g.ifs)}, is_async=0)`;
const alias = (a: Alias) => `alias(name=${strRepr(a.name)}${a.asname ? `, asname=${strRepr(a.asname)}` : ""})`;

/** `ast.dump(node)` as printed by CPython 3.11. */
export function dumpAst(n: Node): string {
  switch (n.type) {
    case "Constant":
      return `Constant(value=${dumpConst(n.value)}${n.kind ? ", kind='u'" : ""})`;
    case "Name":
      return `Name(id=${strRepr(n.id)}, ctx=${ctx(n.ctx)})`;
    case "Attribute":
      return `Attribute(value=${dumpAst(n.value)}, attr=${strRepr(n.attr)}, ctx=${ctx(n.ctx)})`;
    case "Subscript":
      return `Subscript(value=${dumpAst(n.value)}, slice=${dumpAst(n.slice)}, ctx=${ctx(n.ctx)})`;
    case "Slice": {
      const parts = (["lower", "upper", "step"] as const).flatMap((k) => (n[k] ? [`${k}=${dumpAst(n[k])}`] : []));
      return `Slice(${parts.join(", ")})`;
    }
    case "Call": {
      const kws = n.keywords.map(
        (k) => `keyword(${k.arg === null ? "" : `arg=${strRepr(k.arg)}, `}value=${dumpAst(k.value)})`,
      );
      return `Call(func=${dumpAst(n.func)}, args=${list(n.args)}, keywords=[${kws.join(", ")}])`;
    }
    case "Starred":
      return `Starred(value=${dumpAst(n.value)}, ctx=${ctx(n.ctx)})`;
    case "BinOp":
      return `BinOp(left=${dumpAst(n.left)}, op=${n.op}(), right=${dumpAst(n.right)})`;
    case "UnaryOp":
      return `UnaryOp(op=${n.op}(), operand=${dumpAst(n.operand)})`;
    case "BoolOp":
      return `BoolOp(op=${n.op}(), values=${list(n.values)})`;
    case "Compare":
      return `Compare(left=${dumpAst(n.left)}, ops=[${n.ops.map((o) => `${o}()`).join(", ")}], comparators=${list(n.comparators)})`;
    case "IfExp":
      return `IfExp(test=${dumpAst(n.test)}, body=${dumpAst(n.body)}, orelse=${dumpAst(n.orelse)})`;
    case "List":
    case "Tuple":
      return `${n.type}(elts=${list(n.elts)}, ctx=${ctx(n.ctx)})`;
    case "Set":
      return `Set(elts=${list(n.elts)})`;
    case "Dict":
      return `Dict(keys=${list(n.keys)}, values=${list(n.values)})`;
    case "ListComp":
    case "SetComp":
    case "GeneratorExp":
      return `${n.type}(elt=${dumpAst(n.elt)}, generators=[${n.generators.map(comp).join(", ")}])`;
    case "DictComp":
      return `DictComp(key=${dumpAst(n.key)}, value=${dumpAst(n.value)}, generators=[${n.generators.map(comp).join(", ")}])`;
    case "JoinedStr":
      return `JoinedStr(values=${list(n.values)})`;
    case "FormattedValue":
      return `FormattedValue(value=${dumpAst(n.value)}, conversion=${n.conversion}${n.format_spec ? `, format_spec=${dumpAst(n.format_spec)}` : ""})`;
    case "Lambda": {
      const args = n.args.args.map((a) => `arg(arg=${strRepr(a)})`).join(", ");
      return `Lambda(args=arguments(posonlyargs=[], args=[${args}], kwonlyargs=[], kw_defaults=[], defaults=${list(n.args.defaults)}), body=${dumpAst(n.body)})`;
    }
    case "NamedExpr":
      return `NamedExpr(target=${dumpAst(n.target)}, value=${dumpAst(n.value)})`;
    case "Expr":
      return `Expr(value=${dumpAst(n.value)})`;
    case "Assign":
      return `Assign(targets=${list(n.targets)}, value=${dumpAst(n.value)})`;
    case "AugAssign":
      return `AugAssign(target=${dumpAst(n.target)}, op=${n.op}(), value=${dumpAst(n.value)})`;
    case "Delete":
      return `Delete(targets=${list(n.targets)})`;
    case "Import":
      return `Import(names=[${n.names.map(alias).join(", ")}])`;
    case "ImportFrom":
      return `ImportFrom(${n.module === null ? "" : `module=${strRepr(n.module)}, `}names=[${n.names.map(alias).join(", ")}], level=${n.level})`;
    case "Pass":
    case "Break":
    case "Continue":
      return `${n.type}()`;
  }
}

/** `ast.iter_child_nodes` order, restricted to the nodes our analyses look at. */
export function childNodes(n: Node): Node[] {
  switch (n.type) {
    case "Attribute":
      return [n.value];
    case "Subscript":
      return [n.value, n.slice];
    case "Slice":
      return [n.lower, n.upper, n.step].filter((x): x is Expr => x !== undefined);
    case "Call":
      return [n.func, ...n.args, ...n.keywords.map((k) => k.value)];
    case "Starred":
      return [n.value];
    case "BinOp":
      return [n.left, n.right];
    case "UnaryOp":
      return [n.operand];
    case "BoolOp":
      return n.values;
    case "Compare":
      return [n.left, ...n.comparators];
    case "IfExp":
      return [n.test, n.body, n.orelse];
    case "List":
    case "Tuple":
    case "Set":
      return n.elts;
    case "Dict":
      return [...n.keys.filter((k): k is Expr => k !== null), ...n.values];
    case "ListComp":
    case "SetComp":
    case "GeneratorExp":
      return [n.elt, ...n.generators.flatMap((g) => [g.target, g.iter, ...g.ifs])];
    case "DictComp":
      return [n.key, n.value, ...n.generators.flatMap((g) => [g.target, g.iter, ...g.ifs])];
    case "JoinedStr":
      return n.values;
    case "FormattedValue":
      return n.format_spec ? [n.value, n.format_spec] : [n.value];
    case "Lambda":
      return [...n.args.defaults, n.body];
    case "NamedExpr":
      return [n.target, n.value];
    case "Expr":
      return [n.value];
    case "Assign":
      return [...n.targets, n.value];
    case "AugAssign":
      return [n.target, n.value];
    case "Delete":
      return n.targets;
    default:
      return [];
  }
}
