/** A problem in one datafile, located by file and line the way Tinybird's CLI reports it. */
export class DatafileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
    this.name = "DatafileError";
  }
}

/** Every datafile problem of a project at once, so a developer can fix them in one pass. */
export class ProjectError extends Error {
  constructor(readonly errors: DatafileError[]) {
    super(
      `The Tinybird project has ${errors.length} error${errors.length === 1 ? "" : "s"}:\n` +
        errors.map((error) => `  ${error.message}`).join("\n"),
    );
    this.name = "ProjectError";
  }
}
