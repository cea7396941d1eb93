// The package's public API. Everything else under src/ is internal and may change without notice.
export { startServer, type RunningServer, type StartServerOptions } from "./start-server";
export { spawnLocalServer, type LocalServerProcess, type SpawnLocalServerOptions } from "./spawn-local-server";
export { loadProject } from "./project/load-project";
export { pipeParameters } from "./project/pipe-parameters";
export { DatafileError, ProjectError } from "./project/datafile-error";
export type { Datasource, Pipe, PipeNode, PipeType, Project } from "./project/project-types";
export { renderSqlTemplate, templateVariables, TemplateError, type TemplateVariable } from "./template";
