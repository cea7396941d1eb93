import { mkdirSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { appendFile, AppendRefused, type FileFormat } from "../../ingest/append-file";
import { MaterializedViewError } from "../../ingest/ndjson-ingestor";
import { resourceId, type LocalTinybird } from "../../local-tinybird";
import type { Datasource } from "../../project/project-types";
import { quoteIdentifier } from "../../schema/datasource-ddl";
import { ApiError } from "../api-error";
import { decodeBody, requestArguments, type ApiRequest } from "../api-request";
import { sendJson } from "../respond";
import { datasourceJson, staticAccess } from "./datasources";

export const IMPORT_DOCS = "/api-reference/datasource-api.html#post--v0-datasources-?";

const FORMATS = new Set(["csv", "ndjson", "parquet"]);
const MODES = ["create", "append", "replace"];
// Files are read whole into memory locally; larger ones can come from url=.
const UPLOAD_LIMIT = 100 * 1024 * 1024;
const FILE_FIELDS = ["csv", "ndjson", "parquet", "file"];

/** The request's arguments (query string, then form fields) and the file it carries, if any. */
async function readImport(req: ApiRequest): Promise<{ args: URLSearchParams; data?: Buffer }> {
  const args = new URLSearchParams(req.query);
  const body = await req.body(
    UPLOAD_LIMIT,
    () => new ApiError(413, "The file is over the local limit of 100 MB; import it with url= instead"),
  );
  const type = req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
    } catch {
      throw new ApiError(400, "Invalid multipart body");
    }
    let data: Buffer | undefined;
    for (const [key, value] of form) {
      if (typeof value === "string") {
        if (!args.has(key)) args.set(key, value);
      } else if (FILE_FIELDS.includes(key) && value.size > 0) {
        data = Buffer.from(await value.arrayBuffer());
      }
    }
    if (!data) {
      throw new ApiError(
        400,
        "Multipart requests require name field to be set to 'file', 'csv' or 'ndjson' and a non-empty file. Example: curl -F \"ndjson=@events.ndjson\" ...",
      );
    }
    return { args, data };
  }
  if (type.includes("application/x-www-form-urlencoded")) {
    for (const [key, value] of requestArguments(body.toString("utf8"))) if (!args.has(key)) args.set(key, value);
    return { args };
  }
  return { args, data: body };
}

/** The datasource a mode works on, after Tinybird's checks of name, token scopes and existence. */
function targetOf(tb: LocalTinybird, access: ReturnType<typeof staticAccess>, mode: string, name: string | null) {
  const canCreate = access.admin || access.datasourcesCreate;
  const datasource = name ? tb.datasource(name) : undefined;
  if (mode === "create") {
    if (datasource) throw new ApiError(400, `Data Source "${name}" already exists, use mode=append`);
    if (!canCreate) {
      throw new ApiError(
        403,
        "Token does not have DATASOURCES:CREATE scope, create mode requires the DATASOURCES:CREATE scope",
      );
    }
    throw new ApiError(
      400,
      `Tinybird Local creates datasources from datafiles only: add datasources/${name ?? "<name>"}.datasource`,
    );
  }
  if (mode === "append") {
    if (!name) throw new ApiError(400, "Data Source name must be set with mode=append");
    if (!canCreate) {
      if (!datasource) {
        throw new ApiError(403, "You must provide a Data Source name when appending (and you don't have CREATE scope)");
      }
      if (!access.datasourcesAppend.has(name)) {
        throw new ApiError(403, `Token does not have DATASOURCES:APPEND scope for Data Source "${name}"`);
      }
    }
    if (!datasource) {
      throw new ApiError(
        404,
        `${tb.notFound("datasource", name)}: Tinybird Local doesn't infer schemas, add datasources/${name}.datasource`,
      );
    }
    return datasource;
  }
  if (!name) throw new ApiError(400, "Data source name must be set with mode=replace (name=my_datasource)");
  if (!canCreate) {
    throw new ApiError(
      403,
      "Token does not have DATASOURCES:CREATE scope, replace mode requires the DATASOURCES:CREATE scope because is a destructive action",
    );
  }
  if (!datasource) {
    throw new ApiError(400, `Data Source "${name}" does not exist, can not replace a non existing Data Source`);
  }
  return datasource;
}

/** Appends (or, replacing, first truncates); what Tinybird's import reports about the rows. */
async function importRows(
  tb: LocalTinybird,
  datasource: Datasource,
  mode: string,
  format: FileFormat,
  data: Buffer,
  id: string,
) {
  const tmpDir = join(tb.options.dataDir, "tmp");
  mkdirSync(tmpDir, { recursive: true });
  const decoded = await decodeBody(data, undefined, 10 * UPLOAD_LIMIT);
  // Tinybird swaps in a new table; locally the rows are truncated first, so readers may briefly see none.
  if (mode === "replace") await tb.pool.query(`TRUNCATE TABLE ${quoteIdentifier(datasource.name)}`);
  const result = await appendFile(
    { pool: tb.pool, datasource, ingestor: tb.ingestor(datasource), tmpDir },
    format,
    decoded,
    id,
  );
  const report = {
    quarantine_rows: result.quarantined,
    invalid_lines: 0,
    error: result.quarantined
      ? `There was an error with file contents: ${result.quarantined} rows in quarantine.`
      : false,
  };
  return { successful: result.successful, report };
}

/**
 * `POST /v0/datasources?name=&mode=append|replace&format=csv|ndjson|parquet`: a file (multipart field csv, ndjson,
 * parquet or file, or the whole body) imported at once, or `url=` imported by a job (docs/tinybird-compat.md §1.5).
 */
export async function importDatasource(req: ApiRequest, res: ServerResponse, tb: LocalTinybird, apiHost: string) {
  const access = staticAccess(req, tb, "APIDataSourcesImportHandler");
  const { args, data } = await readImport(req);
  const format = args.get("format") ?? "csv";
  if (!FORMATS.has(format)) throw new ApiError(400, `Invalid format ${format}.`);
  const mode = args.get("mode") ?? "create";
  if (!MODES.includes(mode)) throw new ApiError(400, `Invalid mode "${mode}", valid modes are ${MODES.join(", ")}`);
  const datasource = targetOf(tb, access, mode, args.get("name"));
  const importId = String(res.getHeader("X-Request-ID") ?? resourceId("datasource", datasource.name));
  const url = args.get("url");
  if (url) {
    if (!/^https?:\/\//i.test(url)) throw new ApiError(400, "Url is not supported, only http, and https schemes are");
    const target = { id: resourceId("datasource", datasource.name), name: datasource.name };
    const job = tb.jobs.enqueue("import", target, { mode, url, format }, async (queued) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Trying to fetch ${url} returns ${response.status}: ${response.statusText}`);
      const { successful, report } = await importRows(
        tb,
        datasource,
        mode,
        format as FileFormat,
        Buffer.from(await response.arrayBuffer()),
        queued.id,
      );
      return { statistics: { row_count: successful }, ...report };
    });
    sendJson(res, 200, { ...tb.jobs.output(job, apiHost), import_id: job.id });
    return;
  }
  try {
    const { report } = await importRows(tb, datasource, mode, format as FileFormat, data ?? Buffer.alloc(0), importId);
    sendJson(res, 200, { import_id: importId, datasource: datasourceJson(datasource), ...report });
  } catch (error) {
    if (error instanceof AppendRefused) throw new ApiError(400, error.message);
    if (error instanceof MaterializedViewError) throw new ApiError(422, error.message);
    throw error;
  }
}
