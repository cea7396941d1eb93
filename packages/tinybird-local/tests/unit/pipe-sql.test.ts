import { describe, expect, it } from "vitest";
import type { Pipe, Project } from "../../src/project/project-types";
import { CircularReferenceError, PipeSqlBuilder, type RenderTemplate } from "../../src/sql/pipe-sql";
import { tableReferences, withCtes } from "../../src/sql/sql-tokens";

describe("tableReferences", () => {
  it("finds names in FROM, JOIN, FROM lists and IN, not columns, functions or qualified tables", () => {
    const sql = `
      SELECT a.x, (SELECT max(d) FROM window) AS w, 'FROM fake' AS s -- FROM commented
      FROM events AS a, other
      LEFT JOIN \`quoted node\` USING (id)
      ARRAY JOIN tags
      WHERE x IN allowed_ids AND y IN (1, 2) AND z IN (SELECT id FROM numbers(10)) AND k IN db.t
      ORDER BY x`;
    expect([...tableReferences(sql)].sort()).toEqual(["allowed_ids", "events", "other", "quoted node", "window"]);
  });

  it("prepends CTEs, merging with the query's own WITH", () => {
    expect(withCtes([{ name: "n", sql: "SELECT 1" }], "SELECT * FROM n")).toBe(
      "WITH `n` AS (\nSELECT 1\n)\nSELECT * FROM n",
    );
    expect(withCtes([{ name: "n", sql: "SELECT 1" }], "WITH 2 AS two SELECT two FROM n")).toBe(
      "WITH `n` AS (\nSELECT 1\n),\n 2 AS two SELECT two FROM n",
    );
  });
});

// Stands in for the template engine: substitutes {{name}} with the variable, to show which variables reach a node.
const render: RenderTemplate = (template, variables) => ({
  sql: template.trim().replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(variables[name] ?? "NULL")),
  warnings: variables.warn ? ["reserved"] : [],
  settings: {},
});

function pipe(name: string, nodes: Array<[string, string]>, type: Pipe["type"] = "endpoint"): Pipe {
  return {
    name,
    file: `${name}.pipe`,
    nodes: nodes.map(([node, sql], line) => ({ name: node, sql, line })),
    type,
    outputNode: type === "default" ? undefined : nodes.at(-1)![0],
    tokens: [],
    tags: [],
  };
}

function projectOf(...pipes: Pipe[]): Project {
  return {
    dir: ".",
    datasources: new Map([["events", { name: "events" } as never]]),
    pipes: new Map(pipes.map((entry) => [entry.name, entry])),
    warnings: [],
  };
}

describe("PipeSqlBuilder", () => {
  it("inlines referenced nodes as CTEs, dependencies first, rendering templates with the request's variables", () => {
    const top = pipe("top", [
      ["unused", "SELECT broken"],
      ["window", "%\nSELECT {{ days }} AS d"],
      ["filtered", "SELECT * FROM events WHERE d < (SELECT d FROM window)"],
      ["endpoint", "SELECT count() FROM filtered JOIN window ON 1"],
    ]);
    const builder = new PipeSqlBuilder(projectOf(top), render);
    expect(builder.node(top, top.nodes[3]!, { days: 7 }).sql).toBe(
      "WITH `window` AS (\nSELECT 7 AS d\n),\n`filtered` AS (\nSELECT * FROM events WHERE d < (SELECT d FROM window)\n)\nSELECT count() FROM filtered JOIN window ON 1",
    );
  });

  it("inlines another pipe's output with its own nodes, and `_` aliases for q", () => {
    const base = pipe("base", [
      ["inner", "SELECT 1 AS x"],
      ["endpoint", "SELECT x FROM inner"],
    ]);
    const builder = new PipeSqlBuilder(projectOf(base), render);
    const { sql } = builder.build("SELECT sum(x) FROM _", { aliases: new Map([["_", base]]) }, {});
    expect(sql).toBe(
      "WITH `_` AS (\nWITH `inner` AS (\nSELECT 1 AS x\n)\nSELECT x FROM inner\n)\nSELECT sum(x) FROM _",
    );
  });

  it("collects template warnings once and refuses circular references", () => {
    const loop = pipe("loop", [
      ["a", "SELECT * FROM b"],
      ["b", "SELECT * FROM a"],
      ["endpoint", "%\nSELECT * FROM a"],
    ]);
    const builder = new PipeSqlBuilder(projectOf(loop), render);
    expect(() => builder.node(loop, loop.nodes[2]!, {})).toThrow(CircularReferenceError);
    const ok = pipe("ok", [
      ["a", "%\nSELECT 1"],
      ["endpoint", "%\nSELECT * FROM a"],
    ]);
    expect(new PipeSqlBuilder(projectOf(ok), render).node(ok, ok.nodes[1]!, { warn: true }).warnings).toEqual([
      "reserved",
    ]);
  });
});
