import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dedent, lexDatafile, normalizeSqlBlock, shlexSplit } from "../../src/project/lex-datafile";
import { substituteEnv } from "../../src/project/substitute-env";

const COMMANDS = new Set(["node", "sql", "type", "description", "token", "include", "schema", "engine"]);
const lex = (text: string, env: Record<string, string> = {}, file = "test.pipe") =>
  lexDatafile(text, { file, env, isCommand: (name) => COMMANDS.has(name) });

describe("shlexSplit", () => {
  it("splits on whitespace and keeps quotes in the words, like Python's non-POSIX shlex", () => {
    expect(shlexSplit('TOKEN "read api" READ\n')).toEqual(["TOKEN", '"read api"', "READ"]);
    expect(shlexSplit("ENGINE_SORTING_KEY a, b")).toEqual(["ENGINE_SORTING_KEY", "a,", "b"]);
  });

  it("treats # outside quotes as a comment", () => {
    expect(shlexSplit("NODE x # the first node")).toEqual(["NODE", "x"]);
    expect(shlexSplit('DESCRIPTION "a # b"')).toEqual(["DESCRIPTION", '"a # b"']);
    expect(shlexSplit("   # only a comment")).toEqual([]);
  });

  it("reports an unclosed quote", () => {
    expect(shlexSplit("WHERE name = 'it")).toBeUndefined();
  });
});

describe("lexDatafile", () => {
  it("ends a block at an unindented instruction and keeps unindented SQL that isn't one", () => {
    const { commands, errors } = lex("NODE a\nSQL >\n    SELECT 1\nFROM t\nWHERE x\nTYPE endpoint\n");
    expect(errors).toEqual([]);
    expect(commands.map((command) => command.name)).toEqual(["node", "sql", "type"]);
    expect(commands[1]!.block).toBe("    SELECT 1\nFROM t\nWHERE x\n");
    expect(commands[1]!.line).toBe(2);
    expect(commands[2]).toMatchObject({ args: ["endpoint"], line: 6 });
  });

  it("keeps indented lines that start with an instruction word inside the block", () => {
    const { commands } = lex("NODE a\nSQL >\n    SELECT type\n    FROM t\nTYPE endpoint\n");
    expect(commands[1]!.block).toBe("    SELECT type\n    FROM t\n");
  });

  it("drops blank and comment-only lines inside blocks, as the CLI does", () => {
    const { commands } = lex("NODE a\nSQL >\n\n    SELECT 1\n    # note\n\n    FROM t\n");
    expect(commands[1]!.block).toBe("    SELECT 1\n    FROM t\n");
  });

  it("names the file and line of unknown instructions and SETTINGS, and keeps going", () => {
    const { commands, errors } = lex("NODE a\nFOO bar\nSETTINGS x=1\nTYPE endpoint\n");
    expect(errors.map((error) => error.message)).toEqual([
      "test.pipe:2: FOO is not a valid option",
      "test.pipe:3: SETTINGS option is not allowed, use ENGINE_SETTINGS instead",
    ]);
    expect(commands.map((command) => command.name)).toEqual(["node", "type"]);
  });

  it("splices INCLUDE files with their attributes substituted", () => {
    const dir = mkdtempSync(join(tmpdir(), "lex-"));
    writeFileSync(join(dir, "shared.incl"), "NODE $name\nSQL >\n    SELECT * FROM $table\n");
    const file = join(dir, "x.pipe");
    const { commands, errors } = lex('INCLUDE "shared.incl" name=first table=events\nTYPE endpoint\n', {}, file);
    expect(errors).toEqual([]);
    expect(commands.map((command) => [command.name, command.args[0] ?? command.block])).toEqual([
      ["node", "first"],
      ["sql", "    SELECT * FROM events\n"],
      ["type", "endpoint"],
    ]);
  });

  it("reports a missing INCLUDE file with its line", () => {
    const { errors } = lex('NODE a\nINCLUDE "missing.incl"\n');
    expect(errors[0]!.message).toMatch(/^test\.pipe:2: INCLUDE file not found: .*missing\.incl$/);
  });
});

describe("SQL blocks and $ENV", () => {
  it("dedents plain SQL and only trims templates", () => {
    expect(normalizeSqlBlock("    SELECT 1\n      FROM t\n\n")).toBe("SELECT 1\n  FROM t");
    expect(normalizeSqlBlock("    %\n    SELECT {{ x }}\n")).toBe("%\n    SELECT {{ x }}");
    expect(dedent("\tA\n\t  B")).toBe("A\n  B");
  });

  it("substitutes $VAR and ${VAR}, leaves unknown names and turns $$ into $", () => {
    expect(
      substituteEnv("FROM ${DB}.t WHERE a = '$USER' AND b = $MISSING AND c = $$x", { DB: "prod", USER: "ada" }),
    ).toBe("FROM prod.t WHERE a = 'ada' AND b = $MISSING AND c = $x");
  });
});
