import { templateVariables, type TemplateVariable } from "../template";
import type { Pipe } from "./project-types";

/** Every template variable a pipe's nodes read, by name (one entry per node that reads it). */
export function pipeParameters(pipe: Pipe): Map<string, TemplateVariable[]> {
  const byName = new Map<string, TemplateVariable[]>();
  for (const node of pipe.nodes) {
    if (!node.sql.startsWith("%")) continue;
    for (const variable of templateVariables(node.sql.slice(1))) {
      byName.set(variable.name, [...(byName.get(variable.name) ?? []), variable]);
    }
  }
  return byName;
}
