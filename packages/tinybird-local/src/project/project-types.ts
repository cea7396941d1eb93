import type { Column } from "./parse-schema";

export type { Column };

/** A `TOKEN "name" READ|APPEND|CREATE` line: a static token the workspace grants on this resource. */
export interface TokenGrant {
  name: string;
  permission: "READ" | "APPEND" | "CREATE";
}

export interface TableIndex {
  name: string;
  expr: string;
  type: string;
  granularity?: string;
}

export interface Engine {
  /** Engine family, e.g. `MergeTree`, `ReplacingMergeTree`. */
  type: string;
  /** Arguments written inline, as in `ENGINE "ReplacingMergeTree(version)"`. */
  inlineArgs?: string;
  /** ENGINE_* settings keyed without the prefix, e.g. `sorting_key`, `ver`. */
  args: Record<string, string>;
}

export interface Datasource {
  name: string;
  file: string;
  description?: string;
  columns: Column[];
  engine: Engine;
  indexes: TableIndex[];
  tokens: TokenGrant[];
  tags: string[];
  /** SELECT list that migrates existing rows when the schema changes (Tinybird Forward). */
  forwardQuery?: string;
  /** The connector its KAFKA_* / IMPORT_* settings configure (Kafka, S3, Snowflake…); ignored locally. */
  connector?: string;
}

export type PipeType = "endpoint" | "materialized" | "copy" | "sink" | "default";

export interface PipeNode {
  name: string;
  /** Node SQL as stored by the CLI; a template when it starts with `%`. */
  sql: string;
  description?: string;
  line: number;
}

export interface Pipe {
  name: string;
  file: string;
  description?: string;
  nodes: PipeNode[];
  type: PipeType;
  /** The node carrying TYPE endpoint|materialized|copy|sink. */
  outputNode?: string;
  materializedTarget?: string;
  copy?: { target: string; schedule?: string; mode: "append" | "replace" };
  /** Classic: the target datasource's engine declared in the node, used when the target has no .datasource file. */
  targetEngine?: Engine;
  tokens: TokenGrant[];
  tags: string[];
}

export interface Project {
  dir: string;
  datasources: Map<string, Datasource>;
  pipes: Map<string, Pipe>;
  warnings: string[];
}
