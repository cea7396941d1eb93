import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { THREADPOOL_SIZE } from "../../src/limits";

describe("bin/tinybird-local-chdb.cjs", () => {
  // The bin sets the pool size before TypeScript can load, so it carries the number itself.
  it("sizes libuv's thread pool as src/limits.ts says", () => {
    const bin = readFileSync(new URL("../../bin/tinybird-local-chdb.cjs", import.meta.url), "utf8");
    expect(Number(/UV_THREADPOOL_SIZE \?\?= "(\d+)"/.exec(bin)?.[1])).toBe(THREADPOOL_SIZE);
  });
});
