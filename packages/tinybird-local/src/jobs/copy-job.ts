import type { ChdbPool } from "../chdb/chdb-pool";
import { clickhouseFailure } from "../chdb/clickhouse-error";
import { quoteIdentifier } from "../schema/datasource-ddl";

/** Runs a copy pipe's rendered SQL into its target, appending or replacing the target's rows. */
export async function runCopyJob(
  pool: ChdbPool,
  copy: { sql: string; queryParams?: Record<string, string>; mode: "append" | "replace"; target: string },
): Promise<void> {
  const target = quoteIdentifier(copy.target);
  try {
    const described = await pool.rows<{ name: string }>(`DESCRIBE (${copy.sql})`, copy.queryParams);
    const columns = await pool.rows<{ name: string }>(`DESCRIBE TABLE ${target}`);
    const targetColumns = new Set(columns.map((column) => column.name));
    const extra = described.map((column) => column.name).filter((name) => !targetColumns.has(name));
    if (extra.length > 0) {
      throw new Error(`The pipe has columns ${JSON.stringify(extra)} not found in the destination Data Source.`);
    }
    if (copy.mode === "replace") await pool.query(`TRUNCATE TABLE ${target}`);
    const names = described.map((column) => quoteIdentifier(column.name)).join(", ");
    await pool.query(`INSERT INTO ${target} (${names}) SELECT * FROM (${copy.sql})`, "TSV", copy.queryParams);
  } catch (error) {
    throw error instanceof Error && !/Code: \d+/.test(error.message)
      ? error
      : new Error(clickhouseFailure(error).message);
  }
}
