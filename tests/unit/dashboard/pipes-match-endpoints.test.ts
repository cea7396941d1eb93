// lib/tinybird/pipes.ts declares each endpoint once; this keeps the declarations in step with tinybird/endpoints:
// one per .pipe file, named exactly like it, and only params the pipe's template really reads.
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as pipes from "@/lib/tinybird/pipes";
import { loadProject, pipeParameters } from "tinybird-local-chdb";

// Every export of pipes.ts is a declaration: nothing lists them by hand.
const PIPES = Object.values(pipes);
const project = loadProject(path.resolve("tinybird"), {});
const endpoints = [...project.pipes.values()].filter((pipe) => pipe.type === "endpoint");

function templateParams(name: string): Set<string> {
  return new Set(pipeParameters(project.pipes.get(name)!, project).keys());
}

describe("pipe declarations ↔ endpoints", () => {
  it("declares every endpoint exactly once, by its .pipe name", () => {
    const declared = PIPES.map((pipe) => pipe.name);
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual(endpoints.map((pipe) => pipe.name).sort());
  });

  for (const pipe of PIPES) {
    it(`${pipe.name}: every declared param is a parameter of the pipe, and org is never one`, () => {
      const declared = Object.keys((pipe.params as unknown as { shape: Record<string, unknown> }).shape);
      const real = templateParams(pipe.name);
      expect(declared).not.toContain("org");
      for (const param of declared) expect(real.has(param), `${pipe.name} has no parameter "${param}"`).toBe(true);
    });
  }
});
