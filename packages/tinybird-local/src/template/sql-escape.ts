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
const HAS_SPECIAL = /[\0\r\x08\t\x1a\n"'\\%`]/;
const escapeChar = (c: string) => STRING_ESCAPES[c] ?? c;
const identifierChar = (c: string) => (c === '"' ? "" : (STRING_ESCAPES[c] ?? c));

/** Escaping for string literals: every special character becomes a backslash sequence. */
export function escapeStringLiteral(s: string): string {
  return HAS_SPECIAL.test(s) ? s.replace(SPECIAL, escapeChar) : s;
}

/** Escaping for identifiers (column/symbol/table): same table, but double quotes are deleted. */
export function escapeIdentifier(s: string): string {
  return HAS_SPECIAL.test(s) ? s.replace(SPECIAL, identifierChar) : s;
}

/** A Python str rendered as a ClickHouse string literal. */
export function quoteString(s: string): string {
  return "'" + escapeStringLiteral(s) + "'";
}
