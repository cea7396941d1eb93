import { randomUUID } from "node:crypto";
import type { ChdbPool } from "../chdb/chdb-pool";
import { clickhouseFailure } from "../chdb/clickhouse-error";
import { quoteIdentifier } from "../schema/datasource-ddl";

export type JobStatus = "waiting" | "working" | "done" | "error";

export interface CopyJob {
  id: string;
  status: JobStatus;
  mode: "append" | "replace";
  sql: string;
  /** Values for the query's `tb_secret()` placeholders. */
  queryParams?: Record<string, string>;
  pipe: { id: string; name: string };
  datasource: { id: string; name: string };
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  error?: string;
}

// Jobs are kept for 48 h, like Tinybird's job API.
const JOB_RETENTION_MS = 48 * 3600_000;

function timestamp(date: Date | undefined): string | null {
  return date ? `${date.toISOString().replace("T", " ").replace("Z", "")}000` : null;
}

/** Runs copy pipes as jobs, one at a time, so a long copy never holds every connection. */
export class CopyJobs {
  private readonly jobs = new Map<string, CopyJob>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: ChdbPool,
    private readonly log: (line: string) => void,
  ) {}

  enqueue(job: Omit<CopyJob, "id" | "status" | "createdAt" | "updatedAt">): CopyJob {
    this.forgetOld();
    const now = new Date();
    const created: CopyJob = { ...job, id: randomUUID(), status: "waiting", createdAt: now, updatedAt: now };
    this.jobs.set(created.id, created);
    this.queue = this.queue.then(() => this.run(created));
    return created;
  }

  get(id: string): CopyJob | undefined {
    return this.jobs.get(id);
  }

  list(): CopyJob[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** A job as Tinybird's Jobs API shows it. */
  toJson(job: CopyJob, apiHost: string): Record<string, unknown> {
    return {
      kind: "copy",
      id: job.id,
      job_id: job.id,
      status: job.status,
      created_at: timestamp(job.createdAt),
      updated_at: timestamp(job.updatedAt),
      started_at: timestamp(job.startedAt),
      is_cancellable: job.status === "waiting",
      mode: job.mode,
      datasource: job.datasource,
      pipe_id: job.pipe.id,
      pipe_name: job.pipe.name,
      query_id: job.id,
      query_sql: job.sql,
      job_url: `${apiHost}/v0/jobs/${job.id}`,
      ...(job.error !== undefined ? { error: job.error } : {}),
    };
  }

  private async run(job: CopyJob): Promise<void> {
    const update = (changes: Partial<CopyJob>) => Object.assign(job, changes, { updatedAt: new Date() });
    update({ status: "working", startedAt: new Date() });
    const target = quoteIdentifier(job.datasource.name);
    try {
      const described = await this.pool.rows<{ name: string }>(`DESCRIBE (${job.sql})`, job.queryParams);
      const columns = await this.pool.rows<{ name: string }>(`DESCRIBE TABLE ${target}`);
      const targetColumns = new Set(columns.map((column) => column.name));
      const extra = described.map((column) => column.name).filter((name) => !targetColumns.has(name));
      if (extra.length > 0) {
        throw new Error(`The pipe has columns ${JSON.stringify(extra)} not found in the destination Data Source.`);
      }
      if (job.mode === "replace") await this.pool.query(`TRUNCATE TABLE ${target}`);
      const names = described.map((column) => quoteIdentifier(column.name)).join(", ");
      await this.pool.query(`INSERT INTO ${target} (${names}) SELECT * FROM (${job.sql})`, "TSV", job.queryParams);
      update({ status: "done" });
      this.log(`Copy job ${job.id} (${job.pipe.name} → ${job.datasource.name}, ${job.mode}) done`);
    } catch (error) {
      const message =
        error instanceof Error && !/Code: \d+/.test(error.message) ? error.message : clickhouseFailure(error).message;
      update({ status: "error", error: message });
      this.log(`Copy job ${job.id} (${job.pipe.name}) failed: ${message}`);
    }
  }

  private forgetOld(): void {
    const cutoff = Date.now() - JOB_RETENTION_MS;
    for (const [id, job] of this.jobs)
      if (job.updatedAt.getTime() < cutoff && job.status !== "working") this.jobs.delete(id);
  }
}
