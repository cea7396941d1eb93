/**
 * Turns Tornado chunks into an executable tree, validating what CPython would reject when compiling the generated
 * `_tt_execute` function (bad headers, `elif` after `else`, `try` without `except`/`finally` …).
 */
import type { Expr, Stmt } from "./py-ast";
import { PyException, syntaxError } from "./py-exception";
import { parseControlHeader, parseSetStatements, parseWrappedExpression } from "./py-parser";
import type { Chunk, IntermediateOperator } from "./tornado-parser";

export interface Handler {
  exceptionType?: Expr;
  name?: string;
  body: ProgramNode[];
}

export type ProgramNode =
  | { kind: "text"; value: string }
  | { kind: "expr"; source: string; items: Expr[] }
  | { kind: "if"; branches: { test: Expr; body: ProgramNode[] }[]; orelse?: ProgramNode[] }
  | { kind: "for"; target: Expr; iter: Expr; body: ProgramNode[]; orelse?: ProgramNode[] }
  | { kind: "while"; test: Expr; body: ProgramNode[]; orelse?: ProgramNode[] }
  | { kind: "try"; body: ProgramNode[]; handlers: Handler[]; orelse?: ProgramNode[]; finalbody?: ProgramNode[] }
  | { kind: "stmt"; stmts: Stmt[] }
  | { kind: "break" }
  | { kind: "continue" };

export interface Program {
  nodes: ProgramNode[];
  /** Names assigned anywhere by set/for/except: locals of the generated function, as in Python. */
  localNames: Set<string>;
}

/** Re-raise a parse failure at the template line Tornado's generated code points to. */
function atLine<T>(line: number, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof PyException && e.pyType === "SyntaxError") throw syntaxError(e.message, line);
    throw e;
  }
}

function splitOperator(statement: string): [string, string] {
  const space = statement.indexOf(" ");
  return space === -1 ? [statement, ""] : [statement.slice(0, space), statement.slice(space + 1)];
}

function collectTargets(t: Expr, into: Set<string>): void {
  if (t.type === "Name") into.add(t.id);
  else if (t.type === "Tuple" || t.type === "List") t.elts.forEach((e) => collectTargets(e, into));
  else if (t.type === "Starred") collectTargets(t.value, into);
}

interface Segment {
  operator: string;
  statement: string;
  line: number;
  body: Chunk[];
}

function segments(head: Segment, body: Chunk[]): Segment[] {
  const out = [head];
  for (const c of body) {
    if (c.kind === "intermediate") out.push({ operator: c.operator, statement: c.statement, line: c.line, body: [] });
    else (out[out.length - 1] as Segment).body.push(c);
  }
  return out;
}

class Compiler {
  readonly localNames = new Set<string>();

  compile(chunks: Chunk[]): ProgramNode[] {
    return chunks.map((c) => this.chunk(c));
  }

  private chunk(c: Chunk): ProgramNode {
    switch (c.kind) {
      case "text":
        return { kind: "text", value: c.value };
      case "expression":
        return { kind: "expr", source: c.source, items: atLine(c.line, () => parseWrappedExpression(c.source)) };
      case "statement":
        if (c.operator === "break" || c.operator === "continue") return { kind: c.operator };
        return { kind: "stmt", stmts: atLine(c.line, () => this.setStatements(c.statement)) };
      case "intermediate":
        throw syntaxError("invalid syntax", c.line);
      case "block":
        return this.block(c);
    }
  }

  private setStatements(src: string): Stmt[] {
    const stmts = parseSetStatements(src);
    for (const s of stmts) {
      if (s.type === "Assign") s.targets.forEach((t) => collectTargets(t, this.localNames));
      else if (s.type === "AugAssign" || s.type === "Delete")
        (s.type === "AugAssign" ? [s.target] : s.targets).forEach((t) => collectTargets(t, this.localNames));
    }
    return stmts;
  }

  /** Else/finally tags must be bare (`{% else %}`), as Python needs `else:`. */
  private bare(seg: Segment): void {
    if (seg.statement !== seg.operator) throw syntaxError("expected ':'", seg.line);
  }

  private block(c: Chunk & { kind: "block" }): ProgramNode {
    const [, rest] = splitOperator(c.statement);
    const segs = segments({ operator: c.operator, statement: c.statement, line: c.line, body: [] }, c.body);
    const [head, ...tail] = segs as [Segment, ...Segment[]];
    const ops = tail.map((s) => s.operator as IntermediateOperator);

    if (c.operator === "if") {
      const branches = [{ test: this.test("if", rest, c.line), body: this.compile(head.body) }];
      let orelse: ProgramNode[] | undefined;
      for (const seg of tail) {
        if (orelse) throw syntaxError("invalid syntax", seg.line);
        if (seg.operator === "elif") {
          const [, cond] = splitOperator(seg.statement);
          branches.push({ test: this.test("elif", cond, seg.line), body: this.compile(seg.body) });
        } else {
          this.bare(seg);
          orelse = this.compile(seg.body);
        }
      }
      return orelse ? { kind: "if", branches, orelse } : { kind: "if", branches };
    }

    if (c.operator === "for" || c.operator === "while") {
      let node: ProgramNode;
      if (c.operator === "while")
        node = { kind: "while", test: this.test("while", rest, c.line), body: this.compile(head.body) };
      else {
        const header = atLine(c.line, () => parseControlHeader("for", rest));
        if (header.kind !== "for") throw syntaxError("invalid syntax", c.line);
        collectTargets(header.target, this.localNames);
        node = { kind: "for", target: header.target, iter: header.iter, body: this.compile(head.body) };
      }
      if (ops.length > 1) throw syntaxError("invalid syntax", tail[1]?.line);
      if (!tail[0]) return node;
      this.bare(tail[0]);
      return { ...node, orelse: this.compile(tail[0].body) };
    }

    // try
    if (c.statement !== "try") throw syntaxError("expected ':'", c.line);
    const body = this.compile(head.body);
    const handlers: Handler[] = [];
    let orelse: ProgramNode[] | undefined;
    let finalbody: ProgramNode[] | undefined;
    for (const seg of tail) {
      if (finalbody) throw syntaxError("invalid syntax", seg.line);
      if (seg.operator === "except") {
        if (orelse) throw syntaxError("invalid syntax", seg.line);
        if (handlers.some((h) => !h.exceptionType)) throw syntaxError("default 'except:' must be last", seg.line);
        handlers.push(this.handler(seg));
      } else if (seg.operator === "else") {
        if (handlers.length === 0) throw syntaxError("expected 'except' or 'finally' block", seg.line);
        this.bare(seg);
        orelse = this.compile(seg.body);
      } else {
        this.bare(seg);
        finalbody = this.compile(seg.body);
      }
    }
    if (handlers.length === 0 && !finalbody) throw syntaxError("expected 'except' or 'finally' block", c.line);
    const node: ProgramNode = { kind: "try", body, handlers };
    if (orelse) node.orelse = orelse;
    if (finalbody) node.finalbody = finalbody;
    return node;
  }

  private test(kind: "if" | "elif" | "while", rest: string, line: number): Expr {
    const header = atLine(line, () => parseControlHeader(kind, rest));
    if (header.kind !== kind) throw syntaxError("invalid syntax", line);
    return header.test;
  }

  private handler(seg: Segment): Handler {
    const [, rest] = splitOperator(seg.statement);
    const body = this.compile(seg.body);
    if (seg.statement === "except") return { body };
    const header = atLine(seg.line, () => parseControlHeader("except", rest));
    if (header.kind !== "except") throw syntaxError("invalid syntax", seg.line);
    if (header.name) this.localNames.add(header.name);
    const h: Handler = { body };
    if (header.exceptionType) h.exceptionType = header.exceptionType;
    if (header.name) h.name = header.name;
    return h;
  }
}

export function compileProgram(chunks: Chunk[]): Program {
  const compiler = new Compiler();
  const nodes = compiler.compile(chunks);
  return { nodes, localNames: compiler.localNames };
}
