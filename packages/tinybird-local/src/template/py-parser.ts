/** Recursive-descent parser for the Python 3.11 subset templates use; raises Python's SyntaxError texts. */
import type { Arguments, BinOpName, CmpOpName, Comprehension, ConstValue, Ctx, Expr, Keyword, Stmt } from "./py-ast";
import { syntaxError, unsupported } from "./py-exception";
import { tokenize, type LexResult, type Token } from "./py-lexer";

const KEYWORDS = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);

const AUG_OPS: Record<string, BinOpName> = {
  "+=": "Add",
  "-=": "Sub",
  "*=": "Mult",
  "/=": "Div",
  "//=": "FloorDiv",
  "%=": "Mod",
  "**=": "Pow",
  "<<=": "LShift",
  ">>=": "RShift",
  "&=": "BitAnd",
  "|=": "BitOr",
  "^=": "BitXor",
  "@=": "MatMult",
};

class Parser {
  private pos = 0;
  private readonly tokens: Token[];

  constructor(private readonly lex: LexResult) {
    this.tokens = lex.tokens;
  }

  peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
    if (!t) throw syntaxError("invalid syntax");
    return t;
  }

  private next(): Token {
    const t = this.peek();
    if (t.type === "ERROR") throw syntaxError(t.text, t.line);
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  fail(): never {
    const t = this.peek();
    if (t.type === "ERROR") throw syntaxError(t.text, t.line);
    if (t.type === "EOF" && this.lex.unclosed)
      throw syntaxError(`'${this.lex.unclosed.char}' was never closed`, this.lex.unclosed.line);
    throw syntaxError("invalid syntax", t.line);
  }

  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === "OP" && t.text === text;
  }
  isKeyword(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === "NAME" && t.text === text;
  }
  eatOp(text: string): boolean {
    if (!this.isOp(text)) return false;
    this.next();
    return true;
  }
  eatKeyword(text: string): boolean {
    if (!this.isKeyword(text)) return false;
    this.next();
    return true;
  }
  expectOp(text: string): void {
    if (!this.eatOp(text)) this.fail();
  }
  expectEnd(): void {
    while (this.peek().type === "NEWLINE") this.next();
    if (this.peek().type !== "EOF") this.fail();
    if (this.peek().type === "EOF" && this.lex.unclosed) this.fail();
  }
  private name(): string {
    const t = this.peek();
    if (t.type !== "NAME" || KEYWORDS.has(t.text)) this.fail();
    return this.next().text;
  }

  // ---- statements -------------------------------------------------------------------------------------------------

  /** `ast.parse(src)` body: simple statements separated by newlines or `;`. */
  module(): Stmt[] {
    const body: Stmt[] = [];
    for (;;) {
      while (this.peek().type === "NEWLINE" || this.isOp(";")) this.next();
      if (this.peek().type === "EOF") break;
      body.push(this.simpleStatement());
      if (!this.isOp(";") && this.peek().type !== "NEWLINE" && this.peek().type !== "EOF") this.fail();
    }
    this.expectEnd();
    return body;
  }

  simpleStatement(): Stmt {
    const t = this.peek();
    if (t.type === "NAME") {
      switch (t.text) {
        case "pass":
          this.next();
          return { type: "Pass" };
        case "break":
          this.next();
          return { type: "Break" };
        case "continue":
          this.next();
          return { type: "Continue" };
        case "del":
          this.next();
          return { type: "Delete", targets: this.targetList("Del").elts };
        case "import":
          this.next();
          return { type: "Import", names: this.aliases() };
        case "from": {
          this.next();
          let level = 0;
          while (this.isOp(".") || this.isOp("...")) level += this.next().text.length;
          const moduleName = this.isKeyword("import") ? null : this.dottedName();
          if (!this.eatKeyword("import")) this.fail();
          return { type: "ImportFrom", module: moduleName, names: this.aliases(), level };
        }
      }
      if (KEYWORDS.has(t.text) && !["True", "False", "None", "not", "lambda", "await"].includes(t.text)) this.fail();
    }
    const first = this.starExpressions();
    const aug = this.peek().type === "OP" ? AUG_OPS[this.peek().text] : undefined;
    if (aug) {
      this.next();
      return { type: "AugAssign", target: toStore(first, this), op: aug, value: this.starExpressions() };
    }
    if (!this.isOp("=")) return { type: "Expr", value: first };
    const targets = [toStore(first, this)];
    let value: Expr = first;
    while (this.eatOp("=")) {
      value = this.starExpressions();
      if (this.isOp("=")) targets.push(toStore(value, this));
    }
    return { type: "Assign", targets, value };
  }

  private dottedName(): string {
    let n = this.name();
    while (this.eatOp(".")) n += "." + this.name();
    return n;
  }

  private aliases(): { name: string; asname?: string }[] {
    const out: { name: string; asname?: string }[] = [];
    do {
      const name = this.isOp("*") ? this.next().text : this.dottedName();
      out.push(this.eatKeyword("as") ? { name, asname: this.name() } : { name });
    } while (this.eatOp(","));
    return out;
  }

  /** Targets of `for` / `del`: comma-separated primaries, parenthesised or bracketed groups, starred items. */
  targetList(ctx: Ctx): { type: "Tuple"; elts: Expr[]; ctx: Ctx } {
    const elts: Expr[] = [];
    do {
      if (this.isKeyword("in") || this.peek().type === "EOF") break;
      elts.push(this.target(ctx));
    } while (this.eatOp(","));
    if (elts.length === 0) this.fail();
    return { type: "Tuple", elts, ctx };
  }

  private target(ctx: Ctx): Expr {
    if (this.eatOp("*")) return { type: "Starred", value: this.target(ctx), ctx };
    if (this.isOp("(") || this.isOp("[")) {
      const close = this.next().text === "(" ? ")" : "]";
      const inner = this.targetList(ctx);
      this.expectOp(close);
      return close === "]"
        ? { type: "List", elts: inner.elts, ctx }
        : inner.elts.length === 1 && !this.trailingComma()
          ? (inner.elts[0] as Expr)
          : inner;
    }
    return toStore(this.primary(), this, ctx);
  }

  private trailingComma(): boolean {
    const prev = this.tokens[this.pos - 2];
    return prev?.type === "OP" && prev.text === ",";
  }

  // ---- expressions ------------------------------------------------------------------------------------------------

  /** `a, b` → Tuple; `a` → a. Allows starred items (assignment right-hand sides, `for` iterables). */
  starExpressions(): Expr {
    const first = this.starOrNamed();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.atExpressionEnd()) break;
      elts.push(this.starOrNamed());
    }
    return { type: "Tuple", elts, ctx: "Load" };
  }

  private atExpressionEnd(): boolean {
    const t = this.peek();
    return (
      t.type === "NEWLINE" ||
      t.type === "EOF" ||
      (t.type === "OP" && [")", "]", "}", "=", ":", ";"].includes(t.text)) ||
      (t.type === "OP" && t.text in AUG_OPS)
    );
  }

  private starOrNamed(): Expr {
    if (this.eatOp("*")) return { type: "Starred", value: this.bitOr(), ctx: "Load" };
    return this.namedExpression();
  }

  namedExpression(): Expr {
    if (this.peek().type === "NAME" && this.isOp(":=", 1)) {
      const id = this.name();
      this.next();
      return { type: "NamedExpr", target: { type: "Name", id, ctx: "Store" }, value: this.expression() };
    }
    return this.expression();
  }

  expression(): Expr {
    if (this.isKeyword("lambda")) return this.lambda();
    const body = this.disjunction();
    if (!this.eatKeyword("if")) return body;
    const test = this.disjunction();
    if (!this.eatKeyword("else")) this.fail();
    return { type: "IfExp", test, body, orelse: this.expression() };
  }

  private lambda(): Expr {
    this.next();
    const args: Arguments = { args: [], defaults: [] };
    while (!this.isOp(":")) {
      args.args.push(this.name());
      if (this.eatOp("=")) args.defaults.push(this.expression());
      else if (args.defaults.length > 0)
        throw syntaxError("non-default argument follows default argument", this.peek().line);
      if (!this.eatOp(",")) break;
    }
    this.expectOp(":");
    return { type: "Lambda", args, body: this.expression() };
  }

  disjunction(): Expr {
    const first = this.conjunction();
    if (!this.isKeyword("or")) return first;
    const values = [first];
    while (this.eatKeyword("or")) values.push(this.conjunction());
    return { type: "BoolOp", op: "Or", values };
  }

  private conjunction(): Expr {
    const first = this.inversion();
    if (!this.isKeyword("and")) return first;
    const values = [first];
    while (this.eatKeyword("and")) values.push(this.inversion());
    return { type: "BoolOp", op: "And", values };
  }

  private inversion(): Expr {
    if (this.eatKeyword("not")) return { type: "UnaryOp", op: "Not", operand: this.inversion() };
    return this.comparison();
  }

  private compareOp(): CmpOpName | undefined {
    const t = this.peek();
    if (t.type === "OP") {
      const op = ({ "==": "Eq", "!=": "NotEq", "<": "Lt", "<=": "LtE", ">": "Gt", ">=": "GtE" } as const)[
        t.text as "=="
      ];
      if (op) this.next();
      return op;
    }
    if (this.isKeyword("in")) {
      this.next();
      return "In";
    }
    if (this.isKeyword("not") && this.isKeyword("in", 1)) {
      this.next();
      this.next();
      return "NotIn";
    }
    if (this.isKeyword("is")) {
      this.next();
      return this.eatKeyword("not") ? "IsNot" : "Is";
    }
    return undefined;
  }

  private comparison(): Expr {
    const left = this.bitOr();
    const ops: CmpOpName[] = [];
    const comparators: Expr[] = [];
    for (let op = this.compareOp(); op; op = this.compareOp()) {
      ops.push(op);
      comparators.push(this.bitOr());
    }
    return ops.length ? { type: "Compare", left, ops, comparators } : left;
  }

  private binaryLevel(next: () => Expr, ops: Record<string, BinOpName>): Expr {
    let left = next();
    for (;;) {
      const t = this.peek();
      const op = t.type === "OP" ? ops[t.text] : undefined;
      if (!op) return left;
      this.next();
      left = { type: "BinOp", left, op, right: next() };
    }
  }

  bitOr(): Expr {
    return this.binaryLevel(() => this.bitXor(), { "|": "BitOr" });
  }
  private bitXor(): Expr {
    return this.binaryLevel(() => this.bitAnd(), { "^": "BitXor" });
  }
  private bitAnd(): Expr {
    return this.binaryLevel(() => this.shift(), { "&": "BitAnd" });
  }
  private shift(): Expr {
    return this.binaryLevel(() => this.sum(), { "<<": "LShift", ">>": "RShift" });
  }
  private sum(): Expr {
    return this.binaryLevel(() => this.term(), { "+": "Add", "-": "Sub" });
  }
  private term(): Expr {
    return this.binaryLevel(() => this.factor(), {
      "*": "Mult",
      "/": "Div",
      "//": "FloorDiv",
      "%": "Mod",
      "@": "MatMult",
    });
  }

  private factor(): Expr {
    const t = this.peek();
    if (t.type === "OP" && (t.text === "-" || t.text === "+" || t.text === "~")) {
      this.next();
      const op = t.text === "-" ? "USub" : t.text === "+" ? "UAdd" : "Invert";
      return { type: "UnaryOp", op, operand: this.factor() };
    }
    const base = this.primary();
    if (this.eatOp("**")) return { type: "BinOp", left: base, op: "Pow", right: this.factor() };
    return base;
  }

  primary(): Expr {
    if (this.isKeyword("await")) throw unsupported("await");
    let e = this.atom();
    for (;;) {
      if (this.eatOp(".")) e = { type: "Attribute", value: e, attr: this.name(), ctx: "Load" };
      else if (this.eatOp("(")) e = this.call(e);
      else if (this.eatOp("[")) {
        const slice = this.slices();
        this.expectOp("]");
        e = { type: "Subscript", value: e, slice, ctx: "Load" };
      } else return e;
    }
  }

  private call(func: Expr): Expr {
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    while (!this.isOp(")")) {
      if (this.eatOp("**")) keywords.push({ arg: null, value: this.expression() });
      else if (this.eatOp("*")) {
        if (keywords.some((k) => k.arg === null))
          throw syntaxError("iterable argument unpacking follows keyword argument unpacking", this.peek().line);
        args.push({ type: "Starred", value: this.expression(), ctx: "Load" });
      } else if (this.peek().type === "NAME" && this.isOp("=", 1)) {
        const arg = this.name();
        this.next();
        keywords.push({ arg, value: this.expression() });
      } else {
        const value = this.namedExpression();
        if (this.isKeyword("for")) {
          const gen: Expr = { type: "GeneratorExp", elt: value, generators: this.comprehensions() };
          if (args.length || keywords.length || !this.isOp(")"))
            throw syntaxError("Generator expression must be parenthesized", this.peek().line);
          args.push(gen);
          continue;
        }
        if (keywords.length) {
          const line = this.peek().line;
          throw syntaxError(
            keywords.some((k) => k.arg === null)
              ? "positional argument follows keyword argument unpacking"
              : "positional argument follows keyword argument",
            line,
          );
        }
        args.push(value);
      }
      if (!this.eatOp(",")) break;
    }
    this.expectOp(")");
    return { type: "Call", func, args, keywords };
  }

  private slices(): Expr {
    const first = this.sliceItem();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp("]")) break;
      elts.push(this.sliceItem());
    }
    return { type: "Tuple", elts, ctx: "Load" };
  }

  private sliceItem(): Expr {
    const bound = () => (this.isOp(":") || this.isOp("]") || this.isOp(",") ? undefined : this.expression());
    const lower = this.isOp(":") ? undefined : this.namedExpression();
    if (!this.eatOp(":")) return lower as Expr;
    const slice: Expr & { type: "Slice" } = { type: "Slice" };
    if (lower) slice.lower = lower;
    const upper = bound();
    if (upper) slice.upper = upper;
    if (this.eatOp(":")) {
      const step = bound();
      if (step) slice.step = step;
    }
    return slice;
  }

  private comprehensions(): Comprehension[] {
    const gens: Comprehension[] = [];
    while (this.eatKeyword("for")) {
      const targets = this.targetList("Store");
      const target = targets.elts.length === 1 && !this.trailingComma() ? (targets.elts[0] as Expr) : targets;
      if (!this.eatKeyword("in")) this.fail();
      const iter = this.disjunction();
      const ifs: Expr[] = [];
      while (this.eatKeyword("if")) ifs.push(this.disjunction());
      gens.push({ target, iter, ifs });
    }
    return gens;
  }

  private atom(): Expr {
    const t = this.peek();
    if (t.type === "NAME") {
      if (t.text === "None" || t.text === "True" || t.text === "False") {
        this.next();
        return { type: "Constant", value: t.text === "None" ? null : t.text === "True" };
      }
      return { type: "Name", id: this.name(), ctx: "Load" };
    }
    if (t.type === "NUMBER") {
      this.next();
      return { type: "Constant", value: parseNumber(t.text) };
    }
    if (t.type === "STRING") return this.strings();
    if (t.type === "OP") {
      if (t.text === "...") {
        this.next();
        return { type: "Constant", value: { ellipsis: true } };
      }
      if (t.text === "(") return this.parenthesized();
      if (t.text === "[") return this.bracketed();
      if (t.text === "{") return this.braced();
    }
    return this.fail();
  }

  private parenthesized(): Expr {
    this.next();
    if (this.eatOp(")")) return { type: "Tuple", elts: [], ctx: "Load" };
    if (this.isKeyword("yield")) throw unsupported("yield");
    const first = this.starOrNamed();
    if (this.isKeyword("for")) {
      const gen: Expr = { type: "GeneratorExp", elt: first, generators: this.comprehensions() };
      this.expectOp(")");
      return gen;
    }
    if (this.eatOp(")")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp(")")) break;
      elts.push(this.starOrNamed());
    }
    this.expectOp(")");
    return { type: "Tuple", elts, ctx: "Load" };
  }

  private bracketed(): Expr {
    this.next();
    if (this.eatOp("]")) return { type: "List", elts: [], ctx: "Load" };
    const first = this.starOrNamed();
    if (this.isKeyword("for")) {
      const comp: Expr = { type: "ListComp", elt: first, generators: this.comprehensions() };
      this.expectOp("]");
      return comp;
    }
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp("]")) break;
      elts.push(this.starOrNamed());
    }
    this.expectOp("]");
    return { type: "List", elts, ctx: "Load" };
  }

  private braced(): Expr {
    this.next();
    if (this.eatOp("}")) return { type: "Dict", keys: [], values: [] };
    if (this.isOp("**")) return this.dictRest();
    const first = this.starOrNamed();
    if (this.eatOp(":")) {
      const value = this.expression();
      if (this.isKeyword("for")) {
        const comp: Expr = { type: "DictComp", key: first, value, generators: this.comprehensions() };
        this.expectOp("}");
        return comp;
      }
      return this.dictRest([first], [value]);
    }
    if (this.isKeyword("for")) {
      const comp: Expr = { type: "SetComp", elt: first, generators: this.comprehensions() };
      this.expectOp("}");
      return comp;
    }
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp("}")) break;
      elts.push(this.starOrNamed());
    }
    this.expectOp("}");
    return { type: "Set", elts };
  }

  private dictRest(keys: (Expr | null)[] = [], values: Expr[] = []): Expr {
    const entry = () => {
      if (this.eatOp("**")) {
        keys.push(null);
        values.push(this.bitOr());
        return;
      }
      keys.push(this.expression());
      this.expectOp(":");
      values.push(this.expression());
    };
    if (keys.length === 0) entry();
    while (this.eatOp(",")) {
      if (this.isOp("}")) break;
      entry();
    }
    this.expectOp("}");
    return { type: "Dict", keys, values };
  }

  /** Adjacent string literals concatenate; f-strings turn the whole group into a JoinedStr. */
  private strings(): Expr {
    const parts: Token[] = [];
    while (this.peek().type === "STRING") parts.push(this.next());
    const isBytes = parts.map((p) => (p.prefix ?? "").includes("b"));
    if (isBytes.some((b) => b !== isBytes[0]))
      throw syntaxError("cannot mix bytes and nonbytes literals", parts[0]?.line);
    if (isBytes[0]) return { type: "Constant", value: { bytes: parts.map((p) => decodeString(p)).join("") } };
    const kindU = (parts[0]?.prefix ?? "") === "u";
    if (!parts.some((p) => (p.prefix ?? "").includes("f"))) {
      const value = parts.map((p) => decodeString(p)).join("");
      return kindU ? { type: "Constant", value, kind: "u" } : { type: "Constant", value };
    }
    const values: Expr[] = [];
    let text = "";
    const flush = () => {
      if (text) values.push({ type: "Constant", value: text });
      text = "";
    };
    for (const p of parts) {
      if (!(p.prefix ?? "").includes("f")) {
        text += decodeString(p);
        continue;
      }
      for (const piece of parseFString(p)) {
        if (typeof piece === "string") text += piece;
        else {
          flush();
          values.push(piece);
        }
      }
    }
    flush();
    return { type: "JoinedStr", values };
  }
}

function toStore(e: Expr, p: Parser, ctx: Ctx = "Store"): Expr {
  switch (e.type) {
    case "Name":
    case "Attribute":
    case "Subscript":
      return { ...e, ctx };
    case "Tuple":
    case "List":
      return { ...e, elts: e.elts.map((x) => toStore(x, p, ctx)), ctx };
    case "Starred":
      return { ...e, value: toStore(e.value, p, ctx), ctx };
    default:
      return p.fail();
  }
}

function parseNumber(text: string): ConstValue {
  const t = text.replace(/_/g, "");
  if (/[jJ]$/.test(t)) throw unsupported("Complex numbers");
  if (/^0[xXoObB]/.test(t)) return BigInt(t);
  if (/[.eE]/.test(t)) return Number(t);
  return BigInt(t);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Decode a string literal body with Python's escape rules (unknown escapes keep their backslash). */
function decodeString(t: Token): string {
  const body = t.body ?? "";
  const prefix = t.prefix ?? "";
  if (prefix.includes("r")) return body;
  const bytes = prefix.includes("b");
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? "";
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = body[++i] ?? "";
    if (n === "\n") continue;
    if (n === "\r") {
      if (body[i + 1] === "\n") i++;
      continue;
    }
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    if (/[0-7]/.test(n)) {
      let digits = n;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? "")) digits += body[++i];
      out += String.fromCodePoint(parseInt(digits, 8));
      continue;
    }
    const hexLen = n === "x" ? 2 : !bytes && n === "u" ? 4 : !bytes && n === "U" ? 8 : 0;
    if (hexLen) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (hex.length !== hexLen || !/^[0-9a-fA-F]+$/.test(hex))
        throw syntaxError(
          `(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\${n}${"X".repeat(hexLen)} escape`,
          t.line,
        );
      out += String.fromCodePoint(parseInt(hex, 16));
      i += hexLen;
      continue;
    }
    if (n === "N" && !bytes) throw unsupported("Named unicode escapes (\\N{...})");
    out += "\\" + n;
  }
  return out;
}

type FPiece = string | Expr;

/** Split an f-string body into literal text and FormattedValue nodes. */
function parseFString(t: Token): FPiece[] {
  const body = t.body ?? "";
  const raw = (t.prefix ?? "").includes("r");
  const pieces: FPiece[] = [];
  let text = "";
  let i = 0;
  const literal = (s: string) => (raw ? s : decodeString({ ...t, prefix: "", body: s }));
  while (i < body.length) {
    const c = body[i];
    if (c === "{" && body[i + 1] === "{") {
      text += "{";
      i += 2;
    } else if (c === "}" && body[i + 1] === "}") {
      text += "}";
      i += 2;
    } else if (c === "}") {
      throw syntaxError("f-string: single '}' is not allowed", t.line);
    } else if (c === "{") {
      if (text) pieces.push(literal(text));
      text = "";
      const { node, end } = parseReplacementField(body, i + 1, t);
      pieces.push(node);
      i = end;
    } else {
      text += c;
      i++;
    }
  }
  if (text) pieces.push(literal(text));
  return pieces;
}

function parseReplacementField(body: string, start: number, t: Token): { node: Expr; end: number } {
  let depth = 0;
  let quote: string | undefined;
  let i = start;
  for (; i < body.length; i++) {
    const c = body[i] ?? "";
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c) && depth > 0) depth--;
    else if (depth === 0 && (c === "}" || c === ":" || (c === "!" && body[i + 1] !== "="))) break;
  }
  const exprText = body.slice(start, i);
  if (!exprText.trim()) throw syntaxError("f-string: empty expression not allowed", t.line);
  const value = parseEvalExpression(exprText.replace(/=\s*$/, ""));
  let conversion = -1;
  if (body[i] === "!") {
    const conv = body[i + 1] ?? "";
    if (!"sra".includes(conv) || !conv)
      throw syntaxError("f-string: invalid conversion character: expected 's', 'r', or 'a'", t.line);
    conversion = conv.charCodeAt(0);
    i += 2;
  }
  let formatSpec: Expr | undefined;
  if (body[i] === ":") {
    let j = i + 1;
    let d = 0;
    for (; j < body.length; j++) {
      if (body[j] === "{") d++;
      else if (body[j] === "}") {
        if (d === 0) break;
        d--;
      }
    }
    const specPieces = parseFString({ ...t, body: body.slice(i + 1, j) });
    formatSpec = {
      type: "JoinedStr",
      values: specPieces.map((p) => (typeof p === "string" ? { type: "Constant", value: p } : p)),
    };
    i = j;
  }
  if (body[i] !== "}") throw syntaxError("f-string: expecting '}'", t.line);
  const node: Expr = formatSpec
    ? { type: "FormattedValue", value, conversion, format_spec: formatSpec }
    : { type: "FormattedValue", value, conversion };
  return { node, end: i + 1 };
}

function parser(src: string, joinLines: boolean): Parser {
  return new Parser(tokenize(src, joinLines));
}

/** `ast.parse(src)` (exec mode): what Tornado's security check sees for `{{ src }}`. */
export function parseModule(src: string): Stmt[] {
  return parser(src, false).module();
}

/** The expression inside `{{ }}` as it is evaluated: one expression, newlines ignored. */
function parseEvalExpression(src: string): Expr {
  const p = parser(src, true);
  const e = p.starExpressions();
  p.expectEnd();
  return e;
}

/**
 * `{{ src }}` as Tornado evaluates it: the text becomes the first argument(s) of `expression_wrapper(src, "…")`,
 * so a top-level comma produces extra call arguments (returned as further items).
 */
export function parseWrappedExpression(src: string): Expr[] {
  const p = parser(src, true);
  const items = [p.namedExpression()];
  while (p.eatOp(",")) items.push(p.namedExpression());
  p.expectEnd();
  return items;
}

/** The simple statement(s) of `{% set … %}`. */
export function parseSetStatements(src: string): Stmt[] {
  return parser(src, false).module();
}

export type ControlHeader =
  | { kind: "if" | "elif" | "while"; test: Expr }
  | { kind: "for"; target: Expr; iter: Expr }
  | { kind: "except"; exceptionType?: Expr; name?: string };

/**
 * The Python header of a control block, parsed as Tornado generates it (`<statement>:`).
 * `keyword` is the block operator; `rest` is the statement text after it.
 */
export function parseControlHeader(keyword: "if" | "elif" | "while" | "for" | "except", rest: string): ControlHeader {
  const lex = tokenize(rest, false);
  if (lex.commentToEnd) throw syntaxError("expected ':'");
  // Tornado appends the colon itself, so parse `rest` followed by ':' exactly like Python would.
  const eof = lex.tokens.pop();
  if (lex.tokens[lex.tokens.length - 1]?.type === "NEWLINE") lex.tokens.pop();
  const line = lex.tokens[lex.tokens.length - 1]?.line ?? 1;
  lex.tokens.push(
    { type: "OP", text: ":", line },
    { type: "NEWLINE", text: "", line },
    eof ?? { type: "EOF", text: "", line },
  );
  const p = new Parser(lex);
  let header: ControlHeader;
  if (keyword === "for") {
    const targets = p.targetList("Store");
    const target =
      targets.elts.length === 1 &&
      !rest
        .replace(/\s+in\s[\s\S]*$/, "")
        .trim()
        .endsWith(",")
        ? (targets.elts[0] as Expr)
        : targets;
    if (!p.eatKeyword("in")) p.fail();
    header = { kind: "for", target, iter: p.starExpressions() };
  } else if (keyword === "except") {
    if (p.isOp(":")) header = { kind: "except" };
    else {
      const exceptionType = p.expression();
      header = p.eatKeyword("as")
        ? { kind: "except", exceptionType, name: nameToken(p) }
        : { kind: "except", exceptionType };
    }
  } else header = { kind: keyword, test: p.namedExpression() };
  p.expectOp(":");
  p.expectEnd();
  return header;
}

function nameToken(p: Parser): string {
  const t = p.peek();
  if (t.type !== "NAME" || KEYWORDS.has(t.text)) p.fail();
  p.eatKeyword(t.text);
  return t.text;
}
