/** Tinybird's SQL escaping tables (sql_template.sqlescape / sqlescape_for_string_expression). */

const STRING_ESCAPES: Record<string, string> = {
  "\0": "\\0",
  "\r": "\\r",
  "\x08": "\\b",
  "\t": "\\t",
  "\x1a": "\\z",
  "\n": "\\n",
  '"': '\\"',
  "'": "\\'",
  "\\": "\\\\",
  "%": "\\%",
  "`": "\\`",
};
const SPECIAL = /[\0\r\x08\t\x1a\n"'\\%`]/g;

/** Escaping for string literals: every special character becomes a backslash sequence. */
export function escapeStringLiteral(s: string): string {
  return s.replace(SPECIAL, (c) => STRING_ESCAPES[c] ?? c);
}

/** Escaping for identifiers (column/symbol/table): same table, but double quotes are deleted. */
export function escapeIdentifier(s: string): string {
  return s.replace(SPECIAL, (c) => (c === '"' ? "" : (STRING_ESCAPES[c] ?? c)));
}

/** A Python str rendered as a ClickHouse string literal. */
export function quoteString(s: string): string {
  return "'" + escapeStringLiteral(s) + "'";
}
