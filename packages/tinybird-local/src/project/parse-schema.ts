import { splitTopLevel } from "../sql/split-top-level";

/** One column of a `.datasource` SCHEMA block. */
export interface Column {
  name: string;
  /** ClickHouse type as written, e.g. `LowCardinality(Nullable(String))`. */
  type: string;
  nullable: boolean;
  jsonPath?: string;
  defaultExpr?: string;
  aliasExpr?: string;
  codec?: string;
}

/** A schema problem; `line` is 1-based within the SCHEMA block text. */
export class SchemaError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

interface Token {
  kind: "word" | "group" | "string" | "backtick";
  text: string;
  start: number;
  end: number;
}

const NAME_CHARS = /^[A-Za-z0-9._`*<>+\-']$/;
const UNSUPPORTED: Record<string, string> = {
  materialized: "MATERIALIZED columns are not supported",
  ttl: "column TTL is not supported",
  null: "NULL column syntax not supported. Hint: use Nullable(...)",
  not: "NOT NULL column syntax not supported. Hint: Columns are not nullable by default",
};
const CLAUSES = new Set(["default", "alias", "codec", ...Object.keys(UNSUPPORTED)]);
// An expression may contain NULL or NOT (`DEFAULT NULL`), so only these words end it.
const EXPRESSION_ENDS = new Set(["codec", "ttl", "materialized"]);

/** Removes `--` comments, except inside `` `json:…` `` paths, keeping line breaks so positions map to lines. */
function stripComments(schema: string): string {
  return schema
    .split("\n")
    .map((line) => {
      let inJsonPath = false;
      for (let i = 0; i < line.length; i++) {
        if (!inJsonPath && line.startsWith("--", i)) return line.slice(0, i);
        if (!inJsonPath && line.startsWith("`json:", i)) {
          inJsonPath = true;
          i += 5;
        } else if (inJsonPath && line[i] === "`") {
          inJsonPath = false;
        }
      }
      return line;
    })
    .join("\n");
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

/** Tokenizes a column definition: words, balanced `(…)` groups, quoted strings and backticked names/paths. */
function tokenize(text: string, base: number, schema: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const start = i;
    if (char === "(") {
      let depth = 0;
      let quote: string | undefined;
      for (; i < text.length; i++) {
        const c = text[i]!;
        if (quote) {
          if (c === "\\") i++;
          else if (c === quote) quote = undefined;
        } else if (c === "'" || c === '"' || c === "`") quote = c;
        else if (c === "(") depth++;
        else if (c === ")" && --depth === 0) break;
      }
      if (i >= text.length) throw new SchemaError("Expected closing )", lineAt(schema, base + text.length));
      i++;
      tokens.push({ kind: "group", text: text.slice(start, i), start, end: i });
    } else if (char === "'" || char === '"' || char === "`") {
      i++;
      while (i < text.length && text[i] !== char) i += text[i] === "\\" && char !== "`" ? 2 : 1;
      if (i >= text.length) {
        const what = char === "`" ? "backtick" : char;
        throw new SchemaError(`Expected closing ${what}`, lineAt(schema, base + start));
      }
      i++;
      tokens.push({ kind: char === "`" ? "backtick" : "string", text: text.slice(start, i), start, end: i });
    } else {
      while (i < text.length && !/[\s()'"`]/.test(text[i]!)) i++;
      tokens.push({ kind: "word", text: text.slice(start, i), start, end: i });
    }
  }
  return tokens;
}

function parseColumn(text: string, offset: number, schema: string): Column {
  const leading = text.length - text.trimStart().length;
  const body = text.trim();
  const base = offset + leading;
  let name: string;
  let rest: string;
  if (body.startsWith("`")) {
    const close = body.indexOf("`", 1);
    if (close < 0 || /\s/.test(body.slice(1, close))) {
      throw new SchemaError("Expected closing backtick", lineAt(schema, base));
    }
    name = body.slice(1, close);
    rest = body.slice(close + 1);
  } else {
    const match = /^\S+/.exec(body)!;
    for (const [index, char] of [...match[0]].entries()) {
      if (!NAME_CHARS.test(char)) {
        throw new SchemaError(
          `Column name contains invalid character ${JSON.stringify(char)}. Hint: use backticks`,
          lineAt(schema, base + index),
        );
      }
    }
    name = match[0];
    rest = body.slice(match[0].length);
  }
  const restBase = base + (body.length - rest.length);
  const tokens = tokenize(rest, restBase, schema);
  const column: Column = { name, type: "", nullable: false };

  const endsAt = (words: Set<string>) => (token: Token) =>
    (token.kind === "word" && words.has(token.text.toLowerCase())) ||
    (token.kind === "backtick" && token.text.startsWith("`json:"));
  const isClause = endsAt(CLAUSES);
  const isExpressionEnd = endsAt(EXPRESSION_ENDS);
  const spanText = (from: number, to: number) =>
    from < to ? rest.slice(tokens[from]!.start, tokens[to - 1]!.end) : "";

  let i = 0;
  while (i < tokens.length && !isClause(tokens[i]!)) i++;
  column.type = spanText(0, i);
  while (i < tokens.length) {
    const token = tokens[i]!;
    const line = lineAt(schema, restBase + token.start);
    if (token.kind === "backtick") {
      column.jsonPath = token.text.slice("`json:".length, -1);
      i++;
      continue;
    }
    const keyword = token.text.toLowerCase();
    const unsupported = UNSUPPORTED[keyword];
    if (unsupported) throw new SchemaError(unsupported, line);
    let end = i + 1;
    const ends = keyword === "codec" ? isClause : isExpressionEnd;
    while (end < tokens.length && !ends(tokens[end]!)) end++;
    const value = spanText(i + 1, end);
    if (!value) throw new SchemaError(`Missing mandatory value for ${token.text.toUpperCase()}`, line);
    if (keyword === "default") column.defaultExpr = value;
    else if (keyword === "alias") column.aliasExpr = value;
    else column.codec = value;
    i = end;
  }
  if (!column.type && !column.defaultExpr) {
    throw new SchemaError(`Column '${name}' needs a type or a DEFAULT`, lineAt(schema, base));
  }
  column.nullable = /^(LowCardinality\(\s*)?Nullable\(/.test(column.type);
  return column;
}

/** Parses a SCHEMA block (`` `name` Type `json:$.path` DEFAULT expr CODEC(…), … ``) into columns. */
export function parseSchema(schemaText: string): Column[] {
  const schema = stripComments(schemaText);
  const columns: Column[] = [];
  const seen = new Set<string>();
  for (const part of splitTopLevel(schema)) {
    if (part.text.trim() === "") continue;
    const column = parseColumn(part.text, part.offset, schema);
    if (seen.has(column.name)) {
      throw new SchemaError(`Column '${column.name}' is defined twice`, lineAt(schema, part.offset + 1));
    }
    seen.add(column.name);
    columns.push(column);
  }
  return columns;
}
