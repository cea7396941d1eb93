import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { DatafileError, ProjectError } from "./datafile-error";
import { parseDatasource } from "./parse-datasource";
import { parsePipe } from "./parse-pipe";
import type { Pipe, Project } from "./project-types";
import { secretsFromEnv } from "./substitute-env";
import { renderTemplateWithSecrets } from "../template/index";

// fixtures/ and tests/ hold data and test cases, not datafiles.
const SKIPPED_DIRS = new Set(["fixtures", "tests", "node_modules"]);

function datafilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...datafilesUnder(path));
    } else if (/\.(datasource|pipe|connection)$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files.sort();
}

/** The `TYPE` of each `.connection` file, by connection name (the file's basename). */
function connectionTypes(paths: string[]): Map<string, string> {
  const types = new Map<string, string>();
  for (const path of paths) {
    if (!path.endsWith(".connection")) continue;
    const type = /^\s*TYPE\s+["']?(\w+)/im.exec(readFileSync(path, "utf8"))?.[1];
    if (type) types.set(basename(path, ".connection"), type.toLowerCase());
  }
  return types;
}

/**
 * In a Classic project, a pipe without TYPE is an endpoint on its last node: Classic's `tb push` publishes it (CLI
 * datafile.py new_pipe) and grants its TOKEN. In Forward such a pipe is no endpoint, so this applies only to
 * projects written for Classic (VERSION lines, a target ENGINE in a node, a TOKEN on a pipe without TYPE).
 */
function publishClassicEndpoint(pipe: Pipe, warnings: string[]): void {
  if (pipe.type !== "default" || pipe.nodes.length === 0) return;
  const last = pipe.nodes.at(-1)!;
  pipe.type = "endpoint";
  pipe.outputNode = last.name;
  warnings.push(
    `${pipe.file}: no TYPE line; served as an endpoint on its last node '${last.name}', as Tinybird Classic publishes it`,
  );
}

/**
 * Classic names a resource with `VERSION n` `<name>__v<n>` (its table, its endpoint URL) and rewrites the references
 * to it in node SQL the way its CLI does (datafile.py replace_tables: `name` between blanks, quotes or `)`).
 */
function versioned(name: string, version: number | undefined, file: string, warnings: string[]): string {
  if (version === undefined) return name;
  const renamed = `${name}__v${version}`;
  warnings.push(`${file}: VERSION ${version}: served as ${renamed}, as Tinybird Classic names versioned resources`);
  return renamed;
}

function renameReferences(pipes: Pipe[], renames: Map<string, string>): void {
  if (renames.size === 0) return;
  const rename = (name: string | undefined) => (name === undefined ? undefined : (renames.get(name) ?? name));
  for (const pipe of pipes) {
    for (const node of pipe.nodes) {
      for (const [from, to] of renames) {
        node.sql = node.sql.replace(new RegExp(`([\\t \\n']+|^)${from}([\\t \\n'\\)]+|$)`, "g"), `$1${to}$2`);
      }
    }
    pipe.materializedTarget = rename(pipe.materializedTarget);
    if (pipe.copy) pipe.copy.target = rename(pipe.copy.target)!;
  }
}

/** A project as far as its datafiles are valid, and the problems of the rest. */
export interface ProjectReading {
  /** Every valid resource; a resource whose datafile has an error is left out. */
  project: Project;
  errors: DatafileError[];
  /** Datafile errors by the name of the resource they leave out. */
  broken: Map<string, DatafileError[]>;
}

/**
 * Reads every `.datasource` and `.pipe` under `dir` and checks the references between them, keeping the resources
 * whose datafiles are valid and collecting every problem (file and line) of the others.
 */
export function readProject(
  dir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ProjectReading {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    const error = new DatafileError(dir, undefined, "Tinybird project folder not found");
    return {
      project: { dir, datasources: new Map(), pipes: new Map(), warnings: [] },
      errors: [error],
      broken: new Map(),
    };
  }
  const project: Project = { dir, datasources: new Map(), pipes: new Map(), warnings: [] };
  const errors: DatafileError[] = [];
  const broken = new Map<string, DatafileError[]>();
  const fail = (name: string, problems: DatafileError[]) => {
    if (problems.length === 0) return;
    errors.push(...problems);
    broken.set(name, [...(broken.get(name) ?? []), ...problems]);
  };
  const owner = new Map<string, string>();
  const claim = (name: string, file: string) => {
    const previous = owner.get(name);
    if (previous) {
      const message = `"${name}" is already defined in ${previous}; pipe and datasource names are unique`;
      errors.push(new DatafileError(file, undefined, message));
      return false;
    }
    owner.set(name, file);
    return true;
  };

  const pipes: Pipe[] = [];
  let classic = false;
  const renames = new Map<string, string>();
  const paths = datafilesUnder(dir);
  const connections = connectionTypes(paths);
  for (const path of paths) {
    const shown = relative(process.cwd(), path);
    const file = shown.startsWith("..") ? path : shown;
    const text = readFileSync(path, "utf8");
    if (path.endsWith(".connection")) {
      project.warnings.push(`${file}: connections are ignored locally.`);
    } else if (path.endsWith(".datasource")) {
      let rendered = text;
      if (text.includes("tb_secret")) {
        // Forward renders {{ tb_secret('NAME', 'default') }} before parsing; locally the secrets are env variables.
        try {
          rendered = renderTemplateWithSecrets(text, secretsFromEnv(env));
        } catch (error) {
          fail(basename(path, ".datasource"), [new DatafileError(file, undefined, (error as Error).message)]);
          continue;
        }
      }
      const result = parseDatasource(file, rendered, env, connections);
      project.warnings.push(...result.warnings);
      classic ||= result.classic;
      const name = result.datasource.name;
      result.datasource.name = versioned(name, result.version, file, project.warnings);
      if (result.datasource.name !== name) renames.set(name, result.datasource.name);
      if (!claim(result.datasource.name, file)) continue;
      if (result.errors.length > 0) fail(result.datasource.name, result.errors);
      else project.datasources.set(result.datasource.name, result.datasource);
    } else {
      const result = parsePipe(file, text, env);
      project.warnings.push(...result.warnings);
      classic ||= result.classic;
      const name = result.pipe.name;
      result.pipe.name = versioned(name, result.version, file, project.warnings);
      if (result.pipe.name !== name) renames.set(name, result.pipe.name);
      if (!claim(result.pipe.name, file)) continue;
      pipes.push(result.pipe);
      if (result.errors.length > 0) fail(result.pipe.name, result.errors);
      else project.pipes.set(result.pipe.name, result.pipe);
    }
  }

  renameReferences(pipes, renames);
  if (classic) for (const pipe of pipes) publishClassicEndpoint(pipe, project.warnings);
  // Broken pipes are checked too, so every problem of a file is reported at once.
  for (const pipe of pipes) {
    const problems: DatafileError[] = [];
    const target = pipe.materializedTarget ?? pipe.copy?.target;
    // A Classic node that declares the target's engine creates the target when no datafile does.
    if (target && !project.datasources.has(target) && !(pipe.targetEngine && !owner.has(target))) {
      const reason = broken.has(target) ? "has errors" : "not found";
      problems.push(
        new DatafileError(pipe.file, undefined, `Target datasource '${target}' of pipe '${pipe.name}' ${reason}`),
      );
    }
    for (const node of pipe.nodes) {
      if (owner.has(node.name) && owner.get(node.name)!.endsWith(".datasource")) {
        problems.push(
          new DatafileError(
            pipe.file,
            node.line,
            `Node '${node.name}' has the same name as a datasource; rename the node`,
          ),
        );
      }
    }
    if (problems.length > 0) {
      project.pipes.delete(pipe.name);
      fail(pipe.name, problems);
    }
  }
  return { project, errors, broken };
}

/**
 * Reads every `.datasource` and `.pipe` under `dir` and checks the references between them.
 * Throws a ProjectError listing every problem (file and line) at once.
 */
export function loadProject(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): Project {
  const { project, errors } = readProject(dir, env);
  if (errors.length > 0) throw new ProjectError(errors);
  return project;
}
