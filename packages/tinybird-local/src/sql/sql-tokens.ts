export interface SqlToken {
  kind: "word" | "quoted" | "string" | "number" | "punct";
  /** Identifier text without quotes for words and quoted identifiers; the raw text otherwise. */
  text: string;
  start: number;
}

/** A small ClickHouse SQL tokenizer: enough to find identifiers outside strings and comments. */
export function sqlTokens(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === " " || c === "\n" || c === "\t" || c === "\r") {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      while (i < n && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"' || c === "`") {
      const start = i++;
      let text = "";
      while (i < n) {
        const d = sql[i]!;
        if (d === "\\") {
          text += sql[i + 1] ?? "";
          i += 2;
        } else if (d === c && sql[i + 1] === c) {
          text += c;
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          text += d;
          i++;
        }
      }
      tokens.push({ kind: c === "'" ? "string" : "quoted", text: c === "'" ? sql.slice(start, i) : text, start });
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_$]/.test(sql[i]!)) i++;
      tokens.push({ kind: "word", text: sql.slice(start, i), start });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[0-9A-Za-z_.]/.test(sql[i]!)) i++;
      tokens.push({ kind: "number", text: sql.slice(start, i), start });
    } else {
      tokens.push({ kind: "punct", text: c, start: i });
      i++;
    }
  }
  return tokens;
}

const CLAUSE_ENDS = new Set([
  "where",
  "prewhere",
  "group",
  "order",
  "limit",
  "having",
  "settings",
  "union",
  "except",
  "intersect",
  "format",
  "window",
  "qualify",
  "on",
  "using",
  "join",
  "select",
]);

/**
 * Names used as tables: after FROM/JOIN (and the comma-separated FROM list), or as `x IN name`, not followed
 * by `(` (a table function) or `.` (a database-qualified table). ARRAY JOIN arguments are columns, not tables.
 */
export function tableReferences(sql: string): Set<string> {
  const tokens = sqlTokens(sql);
  const refs = new Set<string>();
  let depth = 0;
  // Depths at which a FROM list is open, so a comma there introduces another table.
  const fromDepths = new Set<number>();
  const isName = (index: number) => {
    const token = tokens[index];
    if (!token || (token.kind !== "word" && token.kind !== "quoted")) return false;
    const next = tokens[index + 1];
    return !(next?.kind === "punct" && (next.text === "(" || next.text === "."));
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === "punct") {
      if (token.text === "(") depth++;
      else if (token.text === ")") {
        fromDepths.delete(depth);
        depth--;
      } else if (token.text === "," && fromDepths.has(depth) && isName(i + 1)) {
        refs.add(tokens[i + 1]!.text);
      }
      continue;
    }
    if (token.kind !== "word") continue;
    const word = token.text.toLowerCase();
    if (word === "from" || (word === "join" && tokens[i - 1]?.text.toLowerCase() !== "array")) {
      fromDepths.add(depth);
      if (isName(i + 1)) refs.add(tokens[i + 1]!.text);
    } else if (word === "in" && isName(i + 1)) {
      refs.add(tokens[i + 1]!.text);
    } else if (CLAUSE_ENDS.has(word)) {
      fromDepths.delete(depth);
    }
  }
  return refs;
}

/** Prepends CTEs to a query, merging with the query's own WITH list when it has one. */
export function withCtes(ctes: ReadonlyArray<{ name: string; sql: string }>, sql: string): string {
  if (ctes.length === 0) return sql;
  const list = ctes.map((cte) => `\`${cte.name}\` AS (\n${cte.sql}\n)`).join(",\n");
  const first = sqlTokens(sql)[0];
  if (first?.kind === "word" && first.text.toLowerCase() === "with") {
    return `WITH ${list},\n${sql.slice(first.start + first.text.length)}`;
  }
  return `WITH ${list}\n${sql}`;
}
