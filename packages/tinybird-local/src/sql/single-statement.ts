import type { ChdbPool } from "../chdb/chdb-pool";

/**
 * Checks with ClickHouse's own parser that `sql` is exactly one statement: chDB runs every statement of a
 * multi-statement text, so SQL built around a caller's fragment must be parsed before it runs. The text goes in as
 * a bound parameter, never as SQL; a parse error rejects like the query would have.
 */
export async function assertSingleStatement(pool: ChdbPool, sql: string): Promise<void> {
  await pool.query("SELECT formatQuerySingleLine({sql:String})", "TSVRaw", { sql });
}
