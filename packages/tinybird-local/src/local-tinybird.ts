import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { RateLimiter } from "./auth/rate-limiter";
import { TokenResolver } from "./auth/token-resolver";
import { ChdbPool } from "./chdb/chdb-pool";
import { KeyedGate } from "./chdb/keyed-gate";
import { loadFixture } from "./ingest/load-fixtures";
import { NdjsonIngestor } from "./ingest/ndjson-ingestor";
import { JobQueue } from "./jobs/job-queue";
import {
  EVENTS_RUNNING,
  EVENTS_WAITING,
  PER_TOKEN_RUNNING,
  PER_TOKEN_WAITING,
  READ_CONNECTIONS,
  WRITE_CONNECTIONS,
} from "./limits";
import { LocalState } from "./local-state";
import { DatafileError, ProjectError } from "./project/datafile-error";
import { readProject, type ProjectReading } from "./project/load-project";
import { secretsFromEnv } from "./project/substitute-env";
import type { Datasource, Pipe, Project } from "./project/project-types";
import { applyProject } from "./schema/apply-project";
import { quarantineTable } from "./schema/datasource-ddl";
import { PipeSqlBuilder } from "./sql/pipe-sql";
import { loadCatalog, QueryGuard } from "./sql/query-guard";
import { renderTemplate } from "./sql/template-engine";

export interface LocalTinybirdOptions {
  projectDir: string;
  dataDir: string;
  env?: Readonly<Record<string, string | undefined>>;
  log: (line: string) => void;
  /** Load `fixtures/<datasource>.ndjson|csv` into datasources created by this start (default true). */
  fixtures?: boolean;
}

const ids = new Map<string, string>();

/** Stable Tinybird-style resource ids (`t_<32 hex>`), derived from the name so they survive restarts. */
export function resourceId(kind: "pipe" | "datasource", name: string): string {
  const key = `${kind}:${name}`;
  let id = ids.get(key);
  if (id === undefined) {
    id = `t_${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
    ids.set(key, id);
  }
  return id;
}

/** Scope strings each datafile TOKEN grants, keyed by token name. */
function datafileTokenScopes(project: Project): Map<string, string[]> {
  const scopes = new Map<string, string[]>();
  const grant = (name: string, scope: string) => scopes.set(name, [...(scopes.get(name) ?? []), scope]);
  for (const datasource of project.datasources.values()) {
    for (const token of datasource.tokens) {
      grant(token.name, `DATASOURCES:${token.permission}:${datasource.name}`);
    }
  }
  for (const pipe of project.pipes.values())
    for (const token of pipe.tokens) grant(token.name, `PIPES:READ:${pipe.name}`);
  return scopes;
}

/** Every name a query could read through: the project's pipes and datasources with their quarantine tables. */
function projectNames(project: Project): string[] {
  return [...project.pipes.keys(), ...[...project.datasources.keys()].flatMap((name) => [name, quarantineTable(name)])];
}

/**
 * The local workspace: the project's datafiles applied to chDB, its tokens, ingestion and copy jobs. The HTTP
 * layer only reads from it; `reload()` swaps in a changed project. Reads and writes have their own chDB
 * connections, and each token its own share of the reads (`readGate`), so no tenant's slow query or upload holds
 * up anyone else.
 */
export class LocalTinybird {
  readonly limiter = new RateLimiter();
  /** Datafile problems by the name of the resource they keep from being served (or from being updated). */
  problems = new Map<string, DatafileError[]>();
  readonly tokens: TokenResolver;
  readonly jobs: JobQueue;
  /** Read requests per token: a few at once, a bounded queue behind them. */
  readonly readGate = new KeyedGate(PER_TOKEN_RUNNING, PER_TOKEN_WAITING);
  /** Events API bodies being read, decoded and ingested, all tokens together. */
  readonly eventsGate = new KeyedGate(EVENTS_RUNNING, EVENTS_WAITING);
  readonly guard: QueryGuard;
  private ingestors = new Map<string, NdjsonIngestor>();
  private pipeIds = new Map<string, Pipe>();

  private constructor(
    readonly options: LocalTinybirdOptions,
    /** Ingestion, schema changes and copy jobs. */
    readonly pool: ChdbPool,
    /** Queries HTTP requests read with: endpoints, `q`, `/v0/sql` and the guard's parsing. */
    readonly reads: ChdbPool,
    readonly state: LocalState,
    public project: Project,
    public builder: PipeSqlBuilder,
  ) {
    this.tokens = new TokenResolver(state);
    this.jobs = new JobQueue(options.log);
    this.guard = new QueryGuard(reads, { tables: new Set(projectNames(project)), databases: new Set() });
    this.index();
  }

  /**
   * Reads the project, opens chDB, applies the datafiles and loads fixtures into newly created datasources. A datafile
   * with errors is reported and left out; the rest of the project is served.
   */
  static async open(options: LocalTinybirdOptions): Promise<LocalTinybird> {
    const env = options.env ?? process.env;
    if (!statSync(options.projectDir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new ProjectError([new DatafileError(options.projectDir, undefined, "Tinybird project folder not found")]);
    }
    const reading = readProject(options.projectDir, env);
    const state = LocalState.open(options.dataDir);
    const path = join(options.dataDir, "chdb");
    const pool = new ChdbPool(path, WRITE_CONNECTIONS);
    const reads = new ChdbPool(path, READ_CONNECTIONS);
    try {
      const tinybird = new LocalTinybird(
        options,
        pool,
        reads,
        state,
        reading.project,
        new PipeSqlBuilder(reading.project, renderTemplate, secretsFromEnv(env)),
      );
      await tinybird.apply(reading, tinybird.builder);
      return tinybird;
    } catch (error) {
      reads.close();
      pool.close();
      throw error;
    }
  }

  /**
   * Re-reads the datafiles and applies them. A datafile with errors keeps serving its last good version (or stays
   * out if it never had one); every other change applies.
   */
  async reload(): Promise<void> {
    const env = this.options.env ?? process.env;
    const reading = readProject(this.options.projectDir, env);
    for (const name of reading.broken.keys()) {
      const datasource = this.project.datasources.get(name);
      const pipe = this.project.pipes.get(name);
      if (datasource && !reading.project.pipes.has(name)) reading.project.datasources.set(name, datasource);
      if (pipe && !reading.project.datasources.has(name)) reading.project.pipes.set(name, pipe);
    }
    const builder = new PipeSqlBuilder(reading.project, renderTemplate, secretsFromEnv(env));
    await this.apply(reading, builder);
    this.project = reading.project;
    this.builder = builder;
    this.index();
  }

  private async apply(reading: ProjectReading, builder: PipeSqlBuilder): Promise<void> {
    const { project } = reading;
    for (const warning of project.warnings) this.options.log(`warning: ${warning}`);
    const { created, failed } = await applyProject(this.pool, project, this.state, builder, this.options.log);
    for (const name of failed.keys()) {
      project.datasources.delete(name);
      project.pipes.delete(name);
    }
    this.problems = new Map(reading.broken);
    for (const [name, errors] of failed) this.problems.set(name, [...(this.problems.get(name) ?? []), ...errors]);
    const errors = [...reading.errors, ...[...failed.values()].flat()];
    if (errors.length > 0) {
      this.options.log(new ProjectError(errors).message);
      this.options.log(
        `Serving the rest of the project (${project.datasources.size} datasources, ${project.pipes.size} pipes); ` +
          "requests for the resources above fail until their datafiles are fixed",
      );
    }
    this.state.syncDatafileTokens(datafileTokenScopes(project));
    this.state.save();
    this.tokens.refresh();
    this.guard.setCatalog(await loadCatalog(this.pool, projectNames(project)));
    if (this.options.fixtures === false) return;
    for (const name of created) {
      const datasource = project.datasources.get(name);
      if (!datasource) continue;
      // A fixtures/<name>.sql runs as Forward's `tb build` runs it, through the Query API (pipe names expand).
      const runSql = async (sql: string) => {
        const built = builder.build(sql, {}, {});
        return (await this.pool.query(built.sql, "JSONEachRow", built.queryParams)).text();
      };
      const ingestor = new NdjsonIngestor(this.pool, datasource);
      await loadFixture(project.dir, datasource, this.pool, ingestor, this.options.log, runSql);
    }
  }

  /** Tinybird's 404 message for a resource that isn't served; when its datafile has errors, it says which. */
  notFound(kind: "pipe" | "datasource", name: string): string {
    const errors = this.problems.get(name);
    const message = kind === "pipe" ? `The pipe '${name}' does not exist` : `Data Source "${name}" does not exist`;
    return errors
      ? `${message}: its datafile has errors (${errors.map((error) => error.message).join("; ")})`
      : message;
  }

  private index(): void {
    this.ingestors = new Map();
    this.pipeIds = new Map([...this.project.pipes.values()].map((pipe) => [resourceId("pipe", pipe.name), pipe]));
  }

  /** A pipe by name or by its `t_…` id, as Tinybird URLs accept both. */
  pipe(nameOrId: string): Pipe | undefined {
    return this.project.pipes.get(nameOrId) ?? this.pipeIds.get(nameOrId);
  }

  datasource(name: string): Datasource | undefined {
    return this.project.datasources.get(name);
  }

  ingestor(datasource: Datasource): NdjsonIngestor {
    let ingestor = this.ingestors.get(datasource.name);
    if (!ingestor) {
      ingestor = new NdjsonIngestor(this.pool, datasource);
      this.ingestors.set(datasource.name, ingestor);
    }
    return ingestor;
  }

  close(): void {
    this.reads.close();
    this.pool.close();
  }
}
