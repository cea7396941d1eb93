import type { ChdbPool } from "../chdb/chdb-pool";
import { clickhouseCode, clickhouseFailure } from "../chdb/clickhouse-error";
import type { LocalState } from "../local-state";
import { DatafileError } from "../project/datafile-error";
import type { Datasource, Pipe, Project } from "../project/project-types";
import { outputNode, type PipeSqlBuilder } from "../sql/pipe-sql";
import { sqlTokens } from "../sql/sql-tokens";
import { createQuarantineSql, createTableSql, quarantineTable, quoteIdentifier } from "./datasource-ddl";

/** Materialized views live in their own database so their names never collide with datasources. */
export const VIEWS_DATABASE = "tb_views";

async function existingTables(pool: ChdbPool): Promise<Set<string>> {
  const rows = await pool.rows<{ name: string }>("SELECT name FROM system.tables WHERE database = 'default'");
  return new Set(rows.map((row) => row.name));
}

/** The columns of the existing table, to copy what survives a schema change. */
async function existingColumns(pool: ChdbPool, table: string): Promise<Set<string>> {
  const rows = await pool.rows<{ name: string }>(
    `SELECT name FROM system.columns WHERE database = 'default' AND table = '${table.replace(/'/g, "\\'")}'`,
  );
  return new Set(rows.map((row) => row.name));
}

/**
 * Rebuilds a datasource whose definition changed: a new table is filled from the old one (through FORWARD_QUERY
 * when there is one, otherwise with the columns both share) and swapped in atomically. When the rows can't be
 * copied, nothing changes and the server refuses to start, naming the datasource.
 */
async function migrateTable(pool: ChdbPool, datasource: Datasource, log: (line: string) => void) {
  const table = quoteIdentifier(datasource.name);
  const staging = `${datasource.name}__migrating`;
  await pool.query(`DROP TABLE IF EXISTS ${quoteIdentifier(staging)} SYNC`);
  await pool.query(createTableSql(datasource, staging));
  try {
    const targetColumns = datasource.columns
      .filter((column) => column.aliasExpr === undefined)
      .map((column) => column.name);
    let insert: string;
    if (datasource.forwardQuery) {
      const hasFrom = sqlTokens(datasource.forwardQuery).some(
        (token) => token.kind === "word" && /^from$/i.test(token.text),
      );
      insert = `INSERT INTO ${quoteIdentifier(staging)} (${targetColumns.map(quoteIdentifier).join(", ")})\n${datasource.forwardQuery}${
        hasFrom ? "" : `\nFROM ${table}`
      }`;
    } else {
      const old = await existingColumns(pool, datasource.name);
      const shared = targetColumns.filter((name) => old.has(name)).map(quoteIdentifier);
      insert =
        shared.length > 0
          ? `INSERT INTO ${quoteIdentifier(staging)} (${shared.join(", ")}) SELECT ${shared.join(", ")} FROM ${table}`
          : "";
    }
    if (insert) await pool.query(insert);
    await pool.query(`EXCHANGE TABLES ${table} AND ${quoteIdentifier(staging)}`);
  } catch (error) {
    await pool.query(`DROP TABLE IF EXISTS ${quoteIdentifier(staging)} SYNC`).catch(() => undefined);
    throw new DatafileError(
      datasource.file,
      undefined,
      `The schema changed and the existing rows can't be copied to the new definition: ${clickhouseFailure(error).message}. ` +
        "Add a FORWARD_QUERY that converts them, or delete the data folder to start empty.",
    );
  }
  await pool.query(`DROP TABLE IF EXISTS ${quoteIdentifier(staging)} SYNC`);
  log(`Migrated datasource ${datasource.name} to its new definition`);
}

/** What applying a project did: datasources created in this run, and the resources that could not be applied. */
export interface ApplyResult {
  created: string[];
  failed: Map<string, DatafileError[]>;
}

/** A Classic target datasource declared by the node that fills it (ENGINE lines in the pipe), typed by its query. */
async function nodeTarget(pool: ChdbPool, pipe: Pipe, builder: PipeSqlBuilder): Promise<Datasource> {
  const { sql, queryParams } = builder.node(pipe, outputNode(pipe), {});
  const described = await pool.rows<{ name: string; type: string }>(`DESCRIBE (${sql})`, queryParams);
  return {
    name: pipe.materializedTarget ?? pipe.copy!.target,
    file: pipe.file,
    columns: described.map((column) => ({
      name: column.name,
      type: column.type,
      nullable: column.type.startsWith("Nullable("),
    })),
    engine: pipe.targetEngine!,
    indexes: [],
    tokens: [],
    tags: [],
  };
}

function failure(file: string, prefix: string, error: unknown): DatafileError {
  if (error instanceof DatafileError) return error;
  // Template errors explain themselves; ClickHouse errors get Tinybird's [Error] form.
  const message = clickhouseCode(error) === undefined ? (error as Error).message : clickhouseFailure(error).message;
  return new DatafileError(file, undefined, `${prefix}: ${message}`);
}

/**
 * Makes chDB match the project: creates new datasource tables (and their quarantine tables), migrates changed
 * ones, creates the targets Classic nodes declare, and recreates every materialized view from its pipe. A resource
 * that can't be applied is reported in `failed` and the rest still applies; a datasource whose migration fails keeps
 * its table and rows as they were.
 */
export async function applyProject(
  pool: ChdbPool,
  project: Project,
  state: LocalState,
  builder: PipeSqlBuilder,
  log: (line: string) => void,
): Promise<ApplyResult> {
  const failed = new Map<string, DatafileError[]>();
  const created: string[] = [];
  // Views are dropped first so copying rows during a migration never fires them twice.
  await pool.query(`DROP DATABASE IF EXISTS ${VIEWS_DATABASE} SYNC`);
  await pool.query(`CREATE DATABASE ${VIEWS_DATABASE}`);
  const tables = await existingTables(pool);

  const applyDatasource = async (datasource: Datasource) => {
    const ddl = createTableSql(datasource);
    try {
      if (!tables.has(datasource.name)) {
        await pool.query(ddl);
        created.push(datasource.name);
      } else if (state.appliedTable(datasource.name) !== ddl) {
        await migrateTable(pool, datasource, log);
      }
      state.recordTable(datasource.name, ddl);
      await pool.query(createQuarantineSql(datasource));
      for (const column of datasource.columns) {
        await pool.query(
          `ALTER TABLE ${quoteIdentifier(quarantineTable(datasource.name))} ADD COLUMN IF NOT EXISTS ${quoteIdentifier(column.name)} Nullable(String)`,
        );
      }
    } catch (error) {
      failed.set(datasource.name, [failure(datasource.file, "Can't create the table", error)]);
    }
  };
  for (const datasource of project.datasources.values()) await applyDatasource(datasource);
  for (const pipe of project.pipes.values()) {
    const target = pipe.materializedTarget ?? pipe.copy?.target;
    if (!target || !pipe.targetEngine || project.datasources.has(target)) continue;
    try {
      const datasource = await nodeTarget(pool, pipe, builder);
      await applyDatasource(datasource);
      if (!failed.has(target)) project.datasources.set(target, datasource);
    } catch (error) {
      failed.set(pipe.name, [failure(pipe.file, `Can't create the target datasource '${target}'`, error)]);
    }
  }
  for (const name of tables) {
    if (!project.datasources.has(name) && !name.endsWith("_quarantine")) {
      log(`Table ${name} has no .datasource file any more; its data is kept (drop it with /v0/sql if unwanted)`);
    }
  }

  for (const pipe of project.pipes.values()) {
    if (pipe.type !== "materialized" || !pipe.materializedTarget || failed.has(pipe.name)) continue;
    try {
      if (failed.has(pipe.materializedTarget)) {
        throw new DatafileError(pipe.file, undefined, `Target datasource '${pipe.materializedTarget}' has errors`);
      }
      const { sql } = builder.node(pipe, outputNode(pipe), {});
      await pool.query(
        `CREATE MATERIALIZED VIEW ${VIEWS_DATABASE}.${quoteIdentifier(pipe.name)} TO default.${quoteIdentifier(pipe.materializedTarget)}\nAS ${sql}`,
      );
    } catch (error) {
      failed.set(pipe.name, [failure(pipe.file, "Can't create the materialized view", error)]);
    }
  }
  state.save();
  return { created, failed };
}
