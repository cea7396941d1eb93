// CSV (RFC 4180) of what a widget shows: the same columns and values as its table.
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null;
}

function cell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  // A leading =, +, -, @ would run as a formula in spreadsheets; numbers are safe as they are.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => cell(column.header)).join(",")];
  for (const row of rows) lines.push(columns.map((column) => cell(column.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** "acme-top_routes-2026-11-01_0000-2026-11-08_0000.csv" from the parts that say what the rows are. */
export function csvFilename(...parts: Array<string | undefined>): string {
  const stem = parts
    .filter((part): part is string => Boolean(part))
    .map((part) => part.replace(/[:]/g, "").replace(/[^A-Za-z0-9_.-]+/g, "_"))
    .join("-");
  return `${stem}.csv`;
}
