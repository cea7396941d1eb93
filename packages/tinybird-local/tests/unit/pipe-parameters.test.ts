import { describe, expect, it } from "vitest";
import { pipeParameters } from "../../src/project/pipe-parameters";
import type { Pipe, Project } from "../../src/project/project-types";

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

describe("pipeParameters", () => {
  it("includes the parameters of the pipes a pipe reads FROM, which Tinybird renders with the same request", () => {
    const guard = pipe("guard", [["only", "%\nSELECT {{ String(org, required=True) }} AS org"]], "default");
    const range = pipe(
      "range",
      [["bounds", "%\nSELECT org, {{ DateTime(date_from) }} AS start FROM guard"]],
      "default",
    );
    const endpoint = pipe("endpoint", [
      ["filtered", "%\nSELECT * FROM events WHERE user = {{ String(user, '') }}"],
      ["out", "SELECT * FROM filtered, (SELECT * FROM range) AS r"],
    ]);
    const project = projectOf(guard, range, endpoint);
    const parameters = pipeParameters(endpoint, project);
    expect([...parameters.keys()].sort()).toEqual(["date_from", "org", "user"]);
    expect(parameters.get("org")!.map((use) => [use.type, use.required])).toEqual([["String", true]]);
    expect([...pipeParameters(range, project).keys()].sort()).toEqual(["date_from", "org"]);
  });

  it("reads each pipe once, even when pipes read each other", () => {
    const a = pipe("a", [["n", "%\nSELECT {{ Int32(x, 1) }} FROM b"]], "default");
    const b = pipe("b", [["n", "%\nSELECT {{ Int32(y, 1) }} FROM a"]], "default");
    const project = projectOf(a, b);
    expect([...pipeParameters(a, project).keys()].sort()).toEqual(["x", "y"]);
    expect(pipeParameters(a, project).get("x")).toHaveLength(1);
  });
});
