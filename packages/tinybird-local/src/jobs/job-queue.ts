import { randomUUID } from "node:crypto";

export type JobStatus = "waiting" | "working" | "done" | "error";
export type JobKind = "copy" | "import" | "delete_data";

export interface Job {
  id: string;
  kind: JobKind;
  status: JobStatus;
  datasource: { id: string; name: string };
  /** The kind's own fields in Tinybird's job JSON (mode, pipe_name, delete_condition…); work adds its results. */
  fields: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  error?: string;
}

/** What a job does once it starts; it returns the fields its result adds to the job (rows_affected…). */
export type JobWork = (job: Job) => Promise<Record<string, unknown> | void>;

// Jobs are kept for 48 h, like Tinybird's job API.
const JOB_RETENTION_MS = 48 * 3600_000;

function timestamp(date: Date | undefined): string | null {
  return date ? `${date.toISOString().replace("T", " ").replace("Z", "")}000` : null;
}

/** Copy, import and delete jobs, run one at a time so a long one never holds every connection. */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly log: (line: string) => void) {}

  enqueue(kind: JobKind, datasource: Job["datasource"], fields: Record<string, unknown>, work: JobWork): Job {
    this.forgetOld();
    const now = new Date();
    const job: Job = { id: randomUUID(), kind, status: "waiting", datasource, fields, createdAt: now, updatedAt: now };
    this.jobs.set(job.id, job);
    this.queue = this.queue.then(() => this.run(job, work));
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  list(): Job[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** Resolves once every job queued so far has ended. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** A job as Tinybird's Jobs API shows it. */
  toJson(job: Job, apiHost: string): Record<string, unknown> {
    return {
      kind: job.kind,
      id: job.id,
      job_id: job.id,
      status: job.status,
      created_at: timestamp(job.createdAt),
      updated_at: timestamp(job.updatedAt),
      started_at: timestamp(job.startedAt),
      is_cancellable: job.status === "waiting",
      datasource: job.datasource,
      ...job.fields,
      job_url: `${apiHost}/v0/jobs/${job.id}`,
      ...(job.error !== undefined ? { error: job.error } : {}),
    };
  }

  /** What the Data Sources API answers when it queues a job: the job's ids and URL, and the job itself. */
  output(job: Job, apiHost: string): Record<string, unknown> {
    return {
      id: job.id,
      job_id: job.id,
      job_url: `${apiHost}/v0/jobs/${job.id}`,
      job: this.toJson(job, apiHost),
      status: job.status,
    };
  }

  private async run(job: Job, work: JobWork): Promise<void> {
    const update = (changes: Partial<Job>) => Object.assign(job, changes, { updatedAt: new Date() });
    update({ status: "working", startedAt: new Date() });
    try {
      const result = await work(job);
      update({ status: "done", fields: { ...job.fields, ...result } });
      this.log(`Job ${job.id} (${job.kind} ${job.datasource.name}) done`);
    } catch (error) {
      update({ status: "error", error: (error as Error).message });
      this.log(`Job ${job.id} (${job.kind} ${job.datasource.name}) failed: ${(error as Error).message}`);
    }
  }

  private forgetOld(): void {
    const cutoff = Date.now() - JOB_RETENTION_MS;
    for (const [id, job] of this.jobs)
      if (job.updatedAt.getTime() < cutoff && job.status !== "working") this.jobs.delete(id);
  }
}
