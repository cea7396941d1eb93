import { basename } from "node:path";
import { DatafileError } from "./datafile-error";
import { RESOURCE_NAME, scalarValue, tagList, tokenGrant, versionNumber } from "./datafile-values";
import { lexDatafile, normalizeSqlBlock } from "./lex-datafile";
import { ENGINE_ARGS, engineOf } from "./parse-datasource";
import type { Engine, Pipe, PipeNode, PipeType } from "./project-types";
import { substituteEnv } from "./substitute-env";

const NODE_SETTINGS = new Set([
  "type",
  "datasource",
  "target_datasource",
  "copy_schedule",
  "copy_mode",
  "mode",
  "filter",
  "deployment_method",
]);
const COMMANDS = new Set([
  "node",
  "description",
  "tags",
  "token",
  "include",
  "sql",
  "version",
  "cache",
  ...NODE_SETTINGS,
]);
const NODE_TYPES = new Set(["endpoint", "materialized", "copy", "sink", "standard", ""]);
const CRON = /^(\S+\s+){4}\S+$/;

function isPipeCommand(name: string): boolean {
  return COMMANDS.has(name) || name.startsWith("export_") || isEngineSetting(name);
}

// Classic lets a materialized or copy node declare its target datasource's engine (ENGINE, ENGINE_SORTING_KEY…).
function isEngineSetting(name: string): boolean {
  return name === "engine" || (name.startsWith("engine_") && ENGINE_ARGS.has(name.slice("engine_".length)));
}

interface DraftNode extends PipeNode {
  settings: Record<string, string>;
  hasSql: boolean;
}

/** Parses a `.pipe` file: nodes, their SQL and the single typed (endpoint/materialized/copy/sink) node. */
export function parsePipe(
  file: string,
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): { pipe: Pipe; errors: DatafileError[]; warnings: string[]; classic: boolean; version?: number } {
  const name = basename(file, ".pipe");
  let classic = false;
  let version: number | undefined;
  const { commands, errors } = lexDatafile(text, { file, env, isCommand: isPipeCommand });
  const warnings: string[] = [];
  const pipe: Pipe = { name, file, nodes: [], type: "default", tokens: [], tags: [] };
  const nodes: DraftNode[] = [];
  if (!RESOURCE_NAME.test(name)) {
    errors.push(new DatafileError(file, undefined, `Invalid pipe name "${name}": use letters, numbers and _`));
  }
  let current: DraftNode | undefined;
  for (const command of commands) {
    try {
      const cmd = command.name;
      if (cmd === "node") {
        const nodeName = scalarValue(command, env);
        if (!nodeName) throw new DatafileError(file, command.line, "NODE needs a name");
        current = { name: nodeName, sql: "", line: command.line, settings: {}, hasSql: false };
        nodes.push(current);
      } else if (cmd === "description") {
        const description = (command.block ?? command.args.join(" ")).trim();
        if (current) current.description = description;
        else pipe.description = description;
      } else if (cmd === "sql") {
        if (command.block === undefined) {
          throw new DatafileError(file, command.line, "SQL must be multiline. Use > to start a multiline SQL block");
        }
        if (!current) throw new DatafileError(file, command.line, "SQL must be called after a NODE command");
        current.sql = substituteEnv(normalizeSqlBlock(command.block), env);
        current.hasSql = true;
      } else if (cmd === "token") {
        pipe.tokens.push(tokenGrant(command, ["READ"]));
      } else if (cmd === "tags") {
        pipe.tags = tagList(scalarValue(command, env));
      } else if (NODE_SETTINGS.has(cmd) || cmd.startsWith("export_") || isEngineSetting(cmd)) {
        if (!current) {
          throw new DatafileError(file, command.line, `${cmd.toUpperCase()} must be called after a NODE command`);
        }
        current.settings[cmd === "copy_mode" ? "mode" : cmd] = scalarValue(command, env);
      } else if (cmd === "version") {
        classic = true;
        version = versionNumber(command, env);
      }
    } catch (error) {
      if (!(error instanceof DatafileError)) throw error;
      errors.push(error);
    }
  }
  validateNodes(pipe, nodes, errors, warnings);
  pipe.nodes = nodes.map(({ name: nodeName, sql, description, line }) => ({ name: nodeName, sql, description, line }));
  // Syntax only Classic has: VERSION, a target ENGINE in a node, a TOKEN on a pipe without TYPE.
  classic ||= pipe.targetEngine !== undefined || (pipe.type === "default" && pipe.tokens.length > 0);
  return { pipe, errors, warnings, classic, version };
}

function validateNodes(pipe: Pipe, nodes: DraftNode[], errors: DatafileError[], warnings: string[]): void {
  const fail = (line: number | undefined, message: string) => errors.push(new DatafileError(pipe.file, line, message));
  if (nodes.length === 0) fail(undefined, "Pipe data file must have at least one node");
  const names = new Set<string>();
  let typed: DraftNode | undefined;
  for (const node of nodes) {
    if (names.has(node.name)) fail(node.line, `Node '${node.name}' is defined twice`);
    names.add(node.name);
    if (node.name === pipe.name) fail(node.line, `Node '${node.name}' can't have the same name as its pipe`);
    if (!RESOURCE_NAME.test(node.name)) fail(node.line, `Invalid node name '${node.name}': use letters, numbers and _`);
    if (!node.hasSql || !node.sql.trim()) fail(node.line, `Node '${node.name}' has no SQL`);
    if (!node.sql.startsWith("%") && /\{\{|\{%/.test(node.sql)) {
      fail(
        node.line,
        `Node '${node.name}' uses template syntax ({{ }} or {% %}) but its SQL doesn't start with %. Add a line with % before the SQL`,
      );
    }
    const engine = engineSettings(node.settings);
    if (engine && !node.settings.datasource && !node.settings.target_datasource) {
      fail(node.line, "Defining ENGINE options in a node requires a DATASOURCE");
    }
    const type = (node.settings.type ?? "").toLowerCase();
    if (!NODE_TYPES.has(type)) {
      fail(
        node.line,
        `Invalid node '${node.name}' of type (${type}). Allowed node types: endpoint, materialized, copy, sink`,
      );
      continue;
    }
    if (type === "" || type === "standard") continue;
    if (typed) {
      fail(node.line, "Multiple non-standard nodes in pipe. There can only be one");
      continue;
    }
    typed = node;
    pipe.type = type as PipeType;
    pipe.outputNode = node.name;
    if (type === "materialized") {
      if (!node.settings.datasource) fail(node.line, `Materialized node '${node.name}' needs DATASOURCE <target>`);
      pipe.materializedTarget = node.settings.datasource;
      pipe.targetEngine = engine;
    } else if (type === "copy") {
      const mode = (node.settings.mode ?? "append").toLowerCase();
      const schedule = node.settings.copy_schedule;
      if (!node.settings.target_datasource)
        fail(node.line, `Copy node '${node.name}' needs TARGET_DATASOURCE <target>`);
      if (mode !== "append" && mode !== "replace") fail(node.line, "COPY node mode must be append or replace");
      if (schedule && schedule !== "@on-demand" && !CRON.test(schedule)) {
        fail(node.line, "COPY node schedule must be @on-demand or a valid cron expression.");
      }
      if (schedule && schedule !== "@on-demand") {
        warnings.push(
          `${pipe.file}: COPY_SCHEDULE "${schedule}" is not run locally; use POST /v0/pipes/${pipe.name}/copy`,
        );
      }
      pipe.copy = { target: node.settings.target_datasource ?? "", schedule, mode: mode as "append" | "replace" };
      pipe.targetEngine = engine;
    } else if (type === "sink") {
      warnings.push(`${pipe.file}: sink pipes are ignored locally (nothing is exported).`);
    }
  }
}

/** The target engine a node declares with ENGINE / ENGINE_* lines, or undefined when it declares none. */
function engineSettings(settings: Record<string, string>): Engine | undefined {
  const keys = Object.keys(settings).filter(isEngineSetting);
  if (keys.length === 0) return undefined;
  const engine = engineOf(settings.engine ?? "MergeTree");
  for (const key of keys) if (key !== "engine") engine.args[key.slice("engine_".length)] = settings[key]!;
  return engine;
}
