// The README is checked like code: its quick start is what CI runs, its commands exist, its widget example is the
// real file, and it stays short enough to read.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync("README.md", "utf8");
const scripts = Object.keys((JSON.parse(readFileSync("package.json", "utf8")) as { scripts: object }).scripts);

describe("README.md", () => {
  it("fits on a screen or two", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(200);
  });

  it("starts with the two commands, the second being what CI runs", () => {
    const quickStart = /## Quick start[\s\S]*?```bash\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(quickStart.split("\n").map((line) => line.split("#")[0]!.trim())).toEqual([
      "npm install && npm run dev",
      "npm test",
      "",
    ]);
    expect(readFileSync(".ci/run", "utf8")).toMatch(/^npm test$/m);
  });

  it("names only npm scripts that exist", () => {
    const named = [...readme.matchAll(/npm run ([a-z:]+)/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(5);
    for (const script of named) expect(scripts, `npm run ${script}`).toContain(script);
  });

  it("shows the widget example exactly as it is in its file", () => {
    const [, file, snippet] = /From `([^`]+)` \(a test keeps this copy true\):\n+```tsx\n([\s\S]*?)```/.exec(readme)!;
    expect(readFileSync(file!, "utf8")).toContain(snippet!.trim());
  });
});
