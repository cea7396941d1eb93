import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_HINTS } from "@/lib/env";

describe(".env.example", () => {
  it("documents exactly the variables lib/env.ts reads", () => {
    const documented = readFileSync(".env.example", "utf8")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split("=")[0]);
    const read = Object.keys(ENV_HINTS);
    expect([...documented].sort()).toEqual([...read].sort());
  });
});
