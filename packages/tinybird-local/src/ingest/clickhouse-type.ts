import { splitTopLevel } from "../sql/split-top-level";

/** A ClickHouse type split into its name and top-level arguments: `Map(String, Array(UInt8))` → Map, [String, Array(UInt8)]. */
export interface ParsedType {
  name: string;
  args: string[];
}

export function parseType(type: string): ParsedType {
  const trimmed = type.trim();
  const open = trimmed.indexOf("(");
  if (open < 0 || !trimmed.endsWith(")")) return { name: trimmed, args: [] };
  const args = splitTopLevel(trimmed.slice(open + 1, -1))
    .map((part) => part.text.trim())
    .filter((arg) => arg !== "");
  return { name: trimmed.slice(0, open).trim(), args };
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
