import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { DatafileError, ProjectError } from "./datafile-error";
import { parseDatasource } from "./parse-datasource";
import { parsePipe } from "./parse-pipe";
import type { Project } from "./project-types";
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

/**
 * Reads every `.datasource` and `.pipe` under `dir` and checks the references between them.
 * Throws a ProjectError listing every problem (file and line) at once.
 */
export function loadProject(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): Project {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ProjectError([new DatafileError(dir, undefined, "Tinybird project folder not found")]);
  }
  const project: Project = { dir, datasources: new Map(), pipes: new Map(), warnings: [] };
  const errors: DatafileError[] = [];
  const owner = new Map<string, string>();
  const claim = (name: string, file: string) => {
    const previous = owner.get(name);
    if (previous) {
      errors.push(
        new DatafileError(
          file,
          undefined,
          `"${name}" is already defined in ${previous}; pipe and datasource names are unique`,
        ),
      );
      return false;
    }
    owner.set(name, file);
    return true;
  };

  for (const path of datafilesUnder(dir)) {
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
          errors.push(new DatafileError(file, undefined, (error as Error).message));
          continue;
        }
      }
      const result = parseDatasource(file, rendered, env);
      errors.push(...result.errors);
      project.warnings.push(...result.warnings);
      if (claim(result.datasource.name, file)) project.datasources.set(result.datasource.name, result.datasource);
    } else {
      const result = parsePipe(file, text, env);
      errors.push(...result.errors);
      project.warnings.push(...result.warnings);
      if (claim(result.pipe.name, file)) project.pipes.set(result.pipe.name, result.pipe);
    }
  }

  for (const pipe of project.pipes.values()) {
    const target = pipe.materializedTarget ?? pipe.copy?.target;
    if (target && !project.datasources.has(target)) {
      errors.push(
        new DatafileError(pipe.file, undefined, `Target datasource '${target}' of pipe '${pipe.name}' not found`),
      );
    }
    for (const node of pipe.nodes) {
      if (project.datasources.has(node.name)) {
        errors.push(
          new DatafileError(
            pipe.file,
            node.line,
            `Node '${node.name}' has the same name as a datasource; rename the node`,
          ),
        );
      }
    }
  }
  if (errors.length > 0) throw new ProjectError(errors);
  return project;
}
