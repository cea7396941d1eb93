/** Tinybird's fork of Tornado's template tokenizer/parser (`tornado_template._parse`), error texts included. */
import { PyException } from "./py-exception";
import { strRepr } from "./py-format";
import { checkValidCode } from "./security-check";

export type BlockOperator = "if" | "for" | "while" | "try";
export type IntermediateOperator = "else" | "elif" | "except" | "finally";

export type Chunk =
  | { kind: "text"; value: string }
  | { kind: "expression"; source: string; line: number }
  | { kind: "block"; operator: BlockOperator; statement: string; line: number; body: Chunk[] }
  | { kind: "intermediate"; operator: IntermediateOperator; statement: string; line: number }
  | { kind: "statement"; operator: "set" | "break" | "continue"; statement: string; line: number };

// Python prints these sets in hash order; this is one fixed order of the same members.
const INTERMEDIATE_PARENTS: Record<IntermediateOperator, { allowed: string[]; repr: string }> = {
  else: { allowed: ["if", "for", "while", "try"], repr: "{'if', 'for', 'while', 'try'}" },
  elif: { allowed: ["if"], repr: "{'if'}" },
  except: { allowed: ["try"], repr: "{'try'}" },
  finally: { allowed: ["try"], repr: "{'try'}" },
};

const FORBIDDEN: Record<string, string> = {
  extends: "extends is forbidden",
  import: "import is forbidden",
  from: "import is forbidden",
  include: "include is forbidden",
  autoescape: "autoescape is forbidden",
  raw: "raw is forbidden",
  module: "module is forbidden",
  apply: "apply is forbidden",
};

type WhitespaceMode = "all" | "single" | "oneline";

function filterWhitespace(mode: WhitespaceMode, text: string): string {
  if (mode === "single") return text.replace(/[\t ]+/g, " ").replace(/\s*\n\s*/g, "\n");
  if (mode === "oneline") return text.replace(/\s+/g, " ");
  return text;
}

class Reader {
  pos = 0;
  line = 1;
  whitespace: WhitespaceMode = "all";
  constructor(readonly text: string) {}

  find(needle: string, start = 0): number {
    const i = this.text.indexOf(needle, this.pos + start);
    return i === -1 ? -1 : i - this.pos;
  }
  consume(count = this.text.length - this.pos): string {
    const s = this.text.slice(this.pos, this.pos + count);
    for (const c of s) if (c === "\n") this.line++;
    this.pos += count;
    return s;
  }
  remaining(): number {
    return this.text.length - this.pos;
  }
  at(i: number): string {
    return this.text[this.pos + i] ?? "";
  }
  parseError(message: string): never {
    throw new PyException("ParseError", `${message} at <string>:${this.line}`);
  }
}

/** Python's str.strip() whitespace set. */
export const PY_WHITESPACE =
  "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

export function pyStrip(s: string, chars = PY_WHITESPACE): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a] ?? "")) a++;
  while (b > a && chars.includes(s[b - 1] ?? "")) b--;
  return s.slice(a, b);
}

function textChunk(reader: Reader, value: string): Chunk {
  return { kind: "text", value: value.includes("<pre>") ? value : filterWhitespace(reader.whitespace, value) };
}

function parse(reader: Reader, inBlock?: string, inLoop?: string): Chunk[] {
  const body: Chunk[] = [];
  for (;;) {
    let curly = 0;
    for (;;) {
      curly = reader.find("{", curly);
      if (curly === -1 || curly + 1 === reader.remaining()) {
        if (inBlock) throw new PyException("UnClosedIfError", `Missing {% end %} block for if at line ${reader.line}`);
        body.push(textChunk(reader, reader.consume()));
        return body;
      }
      const next = reader.at(curly + 1);
      if (next !== "{" && next !== "%" && next !== "#") {
        curly++;
        continue;
      }
      // With three or more braces in a row, the innermost pair opens the tag.
      if (curly + 2 < reader.remaining() && next === "{" && reader.at(curly + 2) === "{") {
        curly++;
        continue;
      }
      break;
    }
    if (curly > 0) body.push(textChunk(reader, reader.consume(curly)));
    const startBrace = reader.consume(2);
    const line = reader.line;

    if (reader.remaining() && reader.at(0) === "!") {
      reader.consume(1);
      body.push(textChunk(reader, startBrace));
      continue;
    }

    if (startBrace === "{#") {
      const end = reader.find("#}");
      if (end === -1) reader.parseError("Missing end comment #}");
      reader.consume(end);
      reader.consume(2);
      continue;
    }

    if (startBrace === "{{") {
      const end = reader.find("}}");
      if (end === -1) reader.parseError("Missing end expression }}");
      const contents = pyStrip(reader.consume(end));
      reader.consume(2);
      if (!contents) reader.parseError("Empty expression");
      try {
        checkValidCode(contents);
      } catch (e) {
        if (!(e instanceof PyException) || e.pyType !== "SyntaxError") throw e;
        if (contents.split(" ", 1)[0]?.includes("from")) reader.parseError('"from" is a forbidden word');
        // ast.parse() errors carry no "<string>:N" marker, so Tinybird reports them without a line.
        throw new PyException("SyntaxError", e.message);
      }
      body.push({ kind: "expression", source: contents, line });
      continue;
    }

    const end = reader.find("%}");
    if (end === -1) reader.parseError("Missing end block %}");
    const contents = pyStrip(reader.consume(end));
    reader.consume(2);
    if (!contents) reader.parseError("Empty block tag ({% %})");

    const space = contents.indexOf(" ");
    const operator = space === -1 ? contents : contents.slice(0, space);
    const suffix = space === -1 ? "" : pyStrip(contents.slice(space + 1));

    const forbidden = FORBIDDEN[operator];
    if (forbidden) reader.parseError(forbidden);
    switch (operator) {
      case "else":
      case "elif":
      case "except":
      case "finally": {
        const parents = INTERMEDIATE_PARENTS[operator];
        if (!inBlock) reader.parseError(`${operator} outside ${parents.repr} block`);
        if (!parents.allowed.includes(inBlock))
          reader.parseError(`${operator} block cannot be attached to ${inBlock} block`);
        body.push({ kind: "intermediate", operator, statement: contents, line });
        continue;
      }
      case "end":
        if (!inBlock) reader.parseError("Extra {% end %} block");
        return body;
      case "comment":
        continue;
      case "set":
        if (!suffix) reader.parseError("set missing statement");
        body.push({ kind: "statement", operator: "set", statement: suffix, line });
        continue;
      case "whitespace": {
        const mode = pyStrip(suffix);
        if (mode !== "all" && mode !== "single" && mode !== "oneline")
          throw new PyException("Exception", `invalid whitespace mode ${mode}`);
        reader.whitespace = mode;
        continue;
      }
      case "block": {
        // Tornado parses the block body before refusing the tag, so body errors win.
        parse(reader, operator, inLoop);
        return reader.parseError("block is forbidden");
      }
      case "try":
      case "if":
      case "for":
      case "while": {
        const loop = operator === "for" || operator === "while" ? operator : inLoop;
        const blockBody = parse(reader, operator, loop);
        body.push({ kind: "block", operator, statement: contents, line, body: blockBody });
        continue;
      }
      case "break":
      case "continue":
        if (!inLoop) reader.parseError(`${operator} outside {'for', 'while'} block`);
        body.push({ kind: "statement", operator, statement: contents, line });
        continue;
      default:
        reader.parseError(`unknown operator: ${strRepr(operator)}`);
    }
  }
}

export function parseTemplate(text: string): Chunk[] {
  return parse(new Reader(text));
}
