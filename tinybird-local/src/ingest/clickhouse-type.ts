/** A ClickHouse type split into its name and top-level arguments: `Map(String, Array(UInt8))` → Map, [String, Array(UInt8)]. */
export interface ParsedType {
  name: string;
  args: string[];
}

export function parseType(type: string): ParsedType {
  const trimmed = type.trim();
  const open = trimmed.indexOf("(");
  if (open < 0 || !trimmed.endsWith(")")) return { name: trimmed, args: [] };
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = open + 1;
  for (let i = start; i < trimmed.length - 1; i++) {
    const c = trimmed[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      args.push(trimmed.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(trimmed.slice(start, -1).trim());
  return { name: trimmed.slice(0, open).trim(), args: args.filter((arg) => arg !== "") };
}

/** The type without LowCardinality/Nullable/SimpleAggregateFunction wrappers, and whether NULL is allowed. */
export function unwrapType(type: string): { base: string; nullable: boolean } {
  let current = type.trim();
  let nullable = false;
  for (;;) {
    const { name, args } = parseType(current);
    if (name === "LowCardinality" && args[0]) current = args[0];
    else if (name === "Nullable" && args[0]) {
      nullable = true;
      current = args[0];
    } else if (name === "SimpleAggregateFunction" && args[1]) current = args[1];
    else return { base: current, nullable };
  }
}
