import type { Pipe, PipeNode, Project } from "../project/project-types";
import { tableReferences, withCtes } from "./sql-tokens";

export interface RenderedSql {
  sql: string;
  warnings: string[];
  settings: Record<string, string | number>;
  /** Values for the `{NAME: String}` placeholders `tb_secret()` leaves in the SQL. */
  queryParams?: Record<string, string>;
}

/** Renders one node template (its SQL without the leading `%`). Provided by the template engine. */
export type RenderTemplate = (
  template: string,
  variables: Record<string, unknown>,
  options?: { testMode?: boolean; secrets?: Record<string, string> },
) => RenderedSql;

/** A query over pipes: nodes and pipes it names become CTEs, datasources stay table names. */
export interface QueryScope {
  /** Whose nodes the root SQL may name. */
  pipe?: Pipe;
  /** The root's own node name, never a CTE of itself. */
  selfNode?: string;
  /** Extra names that stand for a pipe's result, like `_` in the `q` parameter. */
  aliases?: ReadonlyMap<string, Pipe>;
}

export class CircularReferenceError extends Error {}

/** The node whose rows a pipe returns: its typed node, or the last one for untyped pipes. */
export function outputNode(pipe: Pipe): PipeNode {
  return pipe.nodes.find((node) => node.name === pipe.outputNode) ?? pipe.nodes.at(-1)!;
}

/**
 * Builds executable SQL for pipes: each node is rendered with the request's variables, and every node or pipe a
 * query names is inlined as a CTE ahead of it (Tinybird replaces such table references with subqueries).
 */
export class PipeSqlBuilder {
  constructor(
    private readonly project: Project,
    private readonly render: RenderTemplate,
    private readonly secrets: Record<string, string> = {},
  ) {}

  /** Renders and assembles a query; `rootSql` is already rendered (or plain SQL). */
  build(rootSql: string, scope: QueryScope, variables: Record<string, unknown>, testMode = false): RenderedSql {
    const context = this.context(variables, testMode);
    return context.result(context.assemble(rootSql, scope));
  }

  /** Renders a template that isn't a pipe node, like a `%` query sent to the Query API; `tb_secret()` needs `secrets`. */
  renderTemplate(template: string, variables: Record<string, unknown>, testMode: boolean, secrets = true): RenderedSql {
    return this.render(template, variables, { testMode, secrets: secrets ? this.secrets : {} });
  }

  /** SQL returning a pipe node's rows. */
  node(pipe: Pipe, node: PipeNode, variables: Record<string, unknown>, testMode = false): RenderedSql {
    const context = this.context(variables, testMode);
    return context.result(context.assemble(context.renderNode(pipe, node), { pipe, selfNode: node.name }));
  }

  private context(variables: Record<string, unknown>, testMode: boolean): BuildContext {
    return new BuildContext(this.project, (template) =>
      this.render(template, variables, { testMode, secrets: this.secrets }),
    );
  }
}

class BuildContext {
  private readonly warnings: string[] = [];
  private readonly settings: Record<string, string | number> = {};
  private readonly queryParams: Record<string, string> = {};
  private readonly rendered = new Map<string, string>();
  private readonly visiting: string[] = [];

  constructor(
    private readonly project: Project,
    private readonly render: (template: string) => RenderedSql,
  ) {}

  result(sql: string): RenderedSql {
    return { sql, warnings: this.warnings, settings: this.settings, queryParams: this.queryParams };
  }

  renderNode(pipe: Pipe, node: PipeNode): string {
    const key = `${pipe.name}.${node.name}`;
    let sql = this.rendered.get(key);
    if (sql === undefined) {
      if (node.sql.startsWith("%")) {
        const result = this.render(node.sql.slice(1));
        sql = result.sql;
        for (const warning of result.warnings) if (!this.warnings.includes(warning)) this.warnings.push(warning);
        Object.assign(this.settings, result.settings);
        Object.assign(this.queryParams, result.queryParams);
      } else {
        sql = node.sql;
      }
      this.rendered.set(key, sql);
    }
    return sql;
  }

  /** `rootSql` preceded by CTEs for everything it references, dependencies first. */
  assemble(rootSql: string, scope: QueryScope): string {
    const ctes: Array<{ name: string; sql: string }> = [];
    const emitted = new Set<string>();
    const visit = (sql: string, selfNode: string | undefined) => {
      for (const name of tableReferences(sql)) {
        if (emitted.has(name) || name === selfNode) continue;
        const node = scope.pipe?.nodes.find((candidate) => candidate.name === name);
        if (node) {
          const nodeSql = this.enter(`${scope.pipe!.name}.${name}`, () => {
            const text = this.renderNode(scope.pipe!, node);
            visit(text, name);
            return text;
          });
          if (!emitted.has(name)) {
            emitted.add(name);
            ctes.push({ name, sql: nodeSql });
          }
          continue;
        }
        const pipe = scope.aliases?.get(name) ?? this.referencedPipe(name, scope);
        if (!pipe) continue;
        const pipeSql = this.enter(pipe.name, () => {
          const output = outputNode(pipe);
          return this.assemble(this.renderNode(pipe, output), { pipe, selfNode: output.name });
        });
        emitted.add(name);
        ctes.push({ name, sql: pipeSql });
      }
    };
    visit(rootSql, scope.selfNode);
    return withCtes(ctes, rootSql);
  }

  private referencedPipe(name: string, scope: QueryScope): Pipe | undefined {
    if (this.project.datasources.has(name) || name === scope.pipe?.name) return undefined;
    return this.project.pipes.get(name);
  }

  private enter<T>(key: string, work: () => T): T {
    if (this.visiting.includes(key)) {
      throw new CircularReferenceError(`Circular reference between nodes: ${[...this.visiting, key].join(" → ")}`);
    }
    this.visiting.push(key);
    try {
      return work();
    } finally {
      this.visiting.pop();
    }
  }
}
