/** Tokenizer for the Python expression/statement subset used inside `{{ }}` and `{% %}`. */

export type TokenType = "NAME" | "NUMBER" | "STRING" | "OP" | "NEWLINE" | "EOF" | "ERROR";

export interface Token {
  type: TokenType;
  text: string;
  /** 1-based line within the tokenized source. */
  line: number;
  /** STRING: lower-cased prefix letters ("", "r", "f", "rb" …) and the raw text between the quotes. */
  prefix?: string;
  body?: string;
}

export interface LexResult {
  tokens: Token[];
  /** Bracket still open at end of input (Python reports it only if parsing reaches the end). */
  unclosed?: { char: string; line: number };
  /** A `#` comment ran to the end of the input. */
  commentToEnd: boolean;
}

const OPERATORS = [
  "**=",
  "//=",
  ">>=",
  "<<=",
  "...",
  "->",
  ":=",
  "**",
  "//",
  "<<",
  ">>",
  "<=",
  ">=",
  "==",
  "!=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "@=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "@",
  "&",
  "|",
  "^",
  "~",
  "<",
  ">",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  ".",
  ";",
  "=",
];
const CLOSING: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
const NAME_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER_RE =
  /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?/y;
const STRING_PREFIX_RE = /(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?(?='|")/y;
const ID_CHAR_RE = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;

/**
 * `joinLines`: treat every newline as whitespace, as Python does inside brackets. `{{ x }}` is evaluated that way
 * because Tornado wraps it in a call (`expression_wrapper(x, …)`).
 */
export function tokenize(src: string, joinLines: boolean): LexResult {
  const tokens: Token[] = [];
  const stack: { char: string; line: number }[] = [];
  let pos = 0;
  let line = 1;
  let commentToEnd = false;
  let atLineStart = false;

  const push = (type: TokenType, text: string, extra: Partial<Token> = {}) =>
    tokens.push({ type, text, line, ...extra });
  const fail = (message: string) => {
    push("ERROR", message);
    return { tokens, commentToEnd };
  };

  while (pos < src.length) {
    const ch = src[pos] ?? "";
    if (ch === "\n" || ch === "\r") {
      pos += ch === "\r" && src[pos + 1] === "\n" ? 2 : 1;
      if (!joinLines && stack.length === 0 && tokens.length > 0 && tokens[tokens.length - 1]?.type !== "NEWLINE") {
        push("NEWLINE", "\n");
        atLineStart = true;
      }
      line++;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\f") {
      if (atLineStart) {
        // An indented continuation line outside brackets is an IndentationError in Python.
        const rest = src.slice(pos).match(/^[ \t\f]*([^\r\n#]?)/);
        if (rest?.[1]) return fail("unexpected indent");
      }
      pos++;
      continue;
    }
    atLineStart = false;
    if (ch === "#") {
      const end = src.slice(pos).search(/[\r\n]/);
      if (end === -1) {
        commentToEnd = true;
        pos = src.length;
      } else pos += end;
      continue;
    }
    if (ch === "\\") {
      const next = src[pos + 1];
      if (next === "\n" || next === "\r") {
        pos += next === "\r" && src[pos + 2] === "\n" ? 3 : 2;
        line++;
        continue;
      }
      return fail("unexpected character after line continuation character");
    }

    STRING_PREFIX_RE.lastIndex = pos;
    const prefixMatch = STRING_PREFIX_RE.exec(src);
    if (prefixMatch) {
      const prefix = prefixMatch[0].toLowerCase();
      const q = pos + prefixMatch[0].length;
      const quote = src[q] ?? "'";
      const triple = src.startsWith(quote.repeat(3), q);
      const delim = triple ? quote.repeat(3) : quote;
      let i = q + delim.length;
      const startLine = line;
      let closed = false;
      while (i < src.length) {
        const c = src[i];
        if (c === "\\") {
          if (src[i + 1] === "\n") line++;
          i += 2;
          continue;
        }
        if (c === "\n") {
          if (!triple) break;
          line++;
        }
        if (src.startsWith(delim, i)) {
          closed = true;
          break;
        }
        i++;
      }
      if (!closed) {
        const kind = triple ? "unterminated triple-quoted string literal" : "unterminated string literal";
        line = triple ? line : startLine;
        return fail(`${kind} (detected at line ${line})`);
      }
      tokens.push({
        type: "STRING",
        text: src.slice(pos, i + delim.length),
        line: startLine,
        prefix,
        body: src.slice(q + delim.length, i),
      });
      pos = i + delim.length;
      continue;
    }

    NAME_RE.lastIndex = pos;
    const name = NAME_RE.exec(src);
    if (name) {
      push("NAME", name[0]);
      pos += name[0].length;
      continue;
    }

    if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(src[pos + 1] ?? ""))) {
      NUMBER_RE.lastIndex = pos;
      const num = NUMBER_RE.exec(src)?.[0] ?? ch;
      const after = src[pos + num.length] ?? "";
      if (ID_CHAR_RE.test(after)) return fail("invalid decimal literal");
      if (/^0+[0-9_]*[1-9]/.test(num) && !/[.eEjJxXoObB]/.test(num))
        return fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
      push("NUMBER", num);
      pos += num.length;
      continue;
    }

    const op = OPERATORS.find((o) => src.startsWith(o, pos));
    if (!op) return fail("invalid syntax");
    if (op === "(" || op === "[" || op === "{") stack.push({ char: op, line });
    else if (op in CLOSING) {
      const open = stack.pop();
      if (!open) return fail(`unmatched '${op}'`);
      if (open.char !== CLOSING[op])
        return fail(`closing parenthesis '${op}' does not match opening parenthesis '${open.char}'`);
    }
    push("OP", op);
    pos += op.length;
  }
  if (!joinLines && tokens.length > 0 && tokens[tokens.length - 1]?.type !== "NEWLINE" && stack.length === 0)
    push("NEWLINE", "");
  push("EOF", "");
  const open = stack[stack.length - 1];
  return open ? { tokens, unclosed: open, commentToEnd } : { tokens, commentToEnd };
}
