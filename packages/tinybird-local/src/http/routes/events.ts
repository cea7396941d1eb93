import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { GateFull } from "../../chdb/keyed-gate";
import { MaterializedViewError } from "../../ingest/ndjson-ingestor";
import { EVENTS_DECOMPRESSED_LIMIT } from "../../limits";
import type { LocalTinybird } from "../../local-tinybird";
import { PlainTextError } from "../api-error";
import { BodyTooLarge, decodeBody, type ApiRequest } from "../api-request";
import { sendJson, setRateLimitHeaders } from "../respond";

// Tinybird's Events API limits: 10 MB per request (as sent, and once decompressed), 1000 requests per second per
// datasource (docs/tinybird-compat.md §1.4, §1.6).
export const EVENTS_BODY_LIMIT = 10 * 1024 * 1024;
const REQUESTS_PER_SECOND = 1000;

/** `POST /v0/events?name=<ds>[&wait=true]`: NDJSON rows into a datasource, errors as plain text like Tinybird's HFI. */
export async function events(req: ApiRequest, res: ServerResponse, tb: LocalTinybird) {
  const headers: Record<string, string> = {};
  const fail = (status: number, message: string) => new PlainTextError(status, message, headers);
  const auth = tb.tokens.resolve(req.token, { jwt: true });
  if ("error" in auth) throw fail(403, "Invalid token\n");
  const { access } = auth;
  const name = req.query.get("name");
  if (!name) throw fail(400, "Missing 'name' parameter\n");
  const limit = tb.limiter.check(`events_${tb.state.workspaceId}_${name}`, REQUESTS_PER_SECOND, REQUESTS_PER_SECOND, 1);
  setRateLimitHeaders(headers, limit);
  if (limit.limited) throw fail(429, "Too many requests\n");
  const mayAppend =
    access.kind === "jwt"
      ? access.datasourcesAppend.has(name)
      : access.admin || access.datasourcesCreate || access.datasourcesAppend.has(name);
  const datasource = tb.datasource(name);
  if (!datasource) {
    if (access.kind === "static" && (access.admin || access.datasourcesCreate)) {
      throw fail(
        404,
        `Data Source '${name}' not found: Tinybird Local doesn't infer schemas, add datasources/${name}.datasource\n`,
      );
    }
    throw fail(403, "Invalid token for DS autocreation\n");
  }
  if (!mayAppend) throw fail(403, "Invalid token\n");
  const ingestor = tb.ingestor(datasource);
  if (!ingestor.acceptsJson) throw fail(400, "Data Source must be of type JSON\n");
  const format = req.query.get("format");
  if (format && format !== "ndjson" && format !== "json") throw fail(501, `Format '${format}' not implemented\n`);

  try {
    // Only a few bodies are held in memory at once, whoever sends them.
    await tb.eventsGate.run("events", () => ingest(req, res, tb, name, ingestor, headers));
  } catch (error) {
    if (error instanceof GateFull) throw fail(429, "Too many requests\n");
    throw error;
  }
}

async function ingest(
  req: ApiRequest,
  res: ServerResponse,
  tb: LocalTinybird,
  name: string,
  ingestor: ReturnType<LocalTinybird["ingestor"]>,
  headers: Record<string, string>,
) {
  const fail = (status: number, message: string) => new PlainTextError(status, message, headers);
  const tooLarge = () => fail(413, "Request body too large: the limit is 10 MB\n");
  const raw = await req.body(EVENTS_BODY_LIMIT, tooLarge);
  let body: Buffer;
  try {
    body = await decodeBody(raw, req.header("content-encoding"), EVENTS_DECOMPRESSED_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw tooLarge();
    throw fail(400, "Invalid gzip body\n");
  }
  try {
    const result = await ingestor.ingest(body.toString("utf8"), randomUUID());
    const wait = req.query.get("wait") === "true";
    sendJson(
      res,
      wait ? 200 : 202,
      { successful_rows: result.successful, quarantined_rows: result.quarantined },
      headers,
    );
  } catch (error) {
    if (error instanceof MaterializedViewError)
      throw fail(422, `Partial ingestion: a materialized view failed: ${error.message}\n`);
    tb.options.log(`Ingestion into ${name} failed: ${(error as Error).message}`);
    throw fail(503, "Service temporarily unavailable, no data ingested, please retry again\n");
  }
}
