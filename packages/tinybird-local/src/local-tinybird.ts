import { createHash } from "node:crypto";
import { join } from "node:path";
import { RateLimiter } from "./auth/rate-limiter";
import { TokenResolver } from "./auth/token-resolver";
import { ChdbPool } from "./chdb/chdb-pool";
import { loadFixture } from "./ingest/load-fixtures";
import { NdjsonIngestor } from "./ingest/ndjson-ingestor";
import { CopyJobs } from "./jobs/copy-jobs";
import { LocalState } from "./local-state";
import { loadProject } from "./project/load-project";
import { secretsFromEnv } from "./project/substitute-env";
import type { Datasource, Pipe, Project } from "./project/project-types";
import { applyProject } from "./schema/apply-project";
import { PipeSqlBuilder } from "./sql/pipe-sql";
import { renderTemplate } from "./sql/template-engine";

export interface LocalTinybirdOptions {
  projectDir: string;
  dataDir: string;
  env?: Readonly<Record<string, string | undefined>>;
  log: (line: string) => void;
  /** chDB connections; requests beyond this many wait for a free one. */
  connections?: number;
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
      grant(token.name, `DATASOURCES:${token.permission === "APPEND" ? "APPEND" : "READ"}:${datasource.name}`);
    }
  }
  for (const pipe of project.pipes.values())
    for (const token of pipe.tokens) grant(token.name, `PIPES:READ:${pipe.name}`);
  return scopes;
}

/**
 * The local workspace: the project's datafiles applied to chDB, its tokens, ingestion and copy jobs. The HTTP
 * layer only reads from it; `reload()` swaps in a changed project.
 */
export class LocalTinybird {
  readonly limiter = new RateLimiter();
  readonly tokens: TokenResolver;
  readonly jobs: CopyJobs;
  private ingestors = new Map<string, NdjsonIngestor>();
  private pipeIds = new Map<string, Pipe>();

  private constructor(
    readonly options: LocalTinybirdOptions,
    readonly pool: ChdbPool,
    readonly state: LocalState,
    public project: Project,
    public builder: PipeSqlBuilder,
  ) {
    this.tokens = new TokenResolver(state);
    this.jobs = new CopyJobs(pool, options.log);
    this.index();
  }

  /** Reads the project, opens chDB, applies datafiles and loads fixtures into newly created datasources. */
  static async open(options: LocalTinybirdOptions): Promise<LocalTinybird> {
    const env = options.env ?? process.env;
    const project = loadProject(options.projectDir, env);
    const state = LocalState.open(options.dataDir);
    const pool = new ChdbPool(join(options.dataDir, "chdb"), options.connections ?? 4);
    try {
      const tinybird = new LocalTinybird(
        options,
        pool,
        state,
        project,
        new PipeSqlBuilder(project, renderTemplate, secretsFromEnv(env)),
      );
      await tinybird.apply(project, tinybird.builder);
      return tinybird;
    } catch (error) {
      pool.close();
      throw error;
    }
  }

  /** Re-reads the datafiles and applies them; on errors the running project stays as it was. */
  async reload(): Promise<void> {
    const env = this.options.env ?? process.env;
    const project = loadProject(this.options.projectDir, env);
    const builder = new PipeSqlBuilder(project, renderTemplate, secretsFromEnv(env));
    await this.apply(project, builder);
    this.project = project;
    this.builder = builder;
    this.index();
  }

  private async apply(project: Project, builder: PipeSqlBuilder): Promise<void> {
    for (const warning of project.warnings) this.options.log(`warning: ${warning}`);
    const { created } = await applyProject(this.pool, project, this.state, builder, this.options.log);
    this.state.syncDatafileTokens(datafileTokenScopes(project));
    this.state.save();
    this.tokens.refresh();
    if (this.options.fixtures === false) return;
    for (const name of created) {
      const datasource = project.datasources.get(name)!;
      await loadFixture(
        project.dir,
        datasource,
        this.pool,
        new NdjsonIngestor(this.pool, datasource),
        this.options.log,
      );
    }
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
    this.pool.close();
  }
}
