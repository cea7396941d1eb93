import { tableReferences } from "../sql/sql-tokens";
import { templateVariables, type TemplateVariable } from "../template";
import type { Pipe, Project } from "./project-types";

/**
 * Every template variable a pipe reads, by name (one entry per node that reads it): its own nodes' and those of the
 * pipes it reads FROM, since Tinybird renders a pipe another one reads with the same request parameters.
 */
export function pipeParameters(pipe: Pipe, project: Project): Map<string, TemplateVariable[]> {
  const byName = new Map<string, TemplateVariable[]>();
  const seen = new Set<string>();
  const visit = (current: Pipe) => {
    if (seen.has(current.name)) return;
    seen.add(current.name);
    const own = new Set(current.nodes.map((node) => node.name));
    for (const node of current.nodes) {
      const template = node.sql.startsWith("%");
      if (template) {
        for (const variable of templateVariables(node.sql.slice(1))) {
          byName.set(variable.name, [...(byName.get(variable.name) ?? []), variable]);
        }
      }
      for (const name of tableReferences(template ? node.sql.slice(1) : node.sql)) {
        const read = own.has(name) || project.datasources.has(name) ? undefined : project.pipes.get(name);
        if (read) visit(read);
      }
    }
  };
  visit(pipe);
  return byName;
}
