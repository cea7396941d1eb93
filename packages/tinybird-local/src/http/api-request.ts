import type { IncomingMessage } from "node:http";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { ApiError } from "./api-error";

const gunzipAsync = promisify(gunzip);

// Tornado's get_argument turns these control characters (NUL among them) into spaces before a handler sees them.
const CONTROL_CHARACTERS = /[\x00-\x08\x0e-\x1f]/g;

/** Query-string or form arguments as Tinybird's handlers read them (Tornado parse_qs, then get_argument). */
export function requestArguments(text: string): URLSearchParams {
  const parsed = new URLSearchParams(text);
  // Most requests have no control characters, escaped (%00-%1f) or raw.
  if (!/%[01][0-9a-f]|[\x00-\x08\x0e-\x1f]/i.test(text)) return parsed;
  const cleaned = new URLSearchParams();
  for (const [key, value] of parsed) cleaned.append(key, value.replace(CONTROL_CHARACTERS, " "));
  return cleaned;
}

/** The client closed the connection before its body arrived: there is nobody left to answer. */
export class RequestAborted extends Error {}

/** What handlers need from a request: path, query (Tornado parse_qs semantics via URLSearchParams), token, body. */
export class ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  private bodyPromise?: Promise<Buffer>;

  constructor(readonly raw: IncomingMessage) {
    this.method = raw.method ?? "GET";
    const url = raw.url ?? "/";
    const mark = url.indexOf("?");
    this.path = mark < 0 ? url : url.slice(0, mark);
    // URLSearchParams is lenient like Tornado: `+` is a space, blanks are kept, a bad `%` escape stays as written.
    this.query = requestArguments(mark < 0 ? "" : url.slice(mark + 1));
  }

  /** The `token` query argument wins; otherwise `Authorization: Bearer <token>` (exactly two parts). */
  get token(): string | undefined {
    const fromQuery = this.query.get("token");
    if (fromQuery !== null) return fromQuery;
    const parts = (this.raw.headers.authorization ?? "").split(" ");
    return parts.length === 2 && parts[0] === "Bearer" ? parts[1] : undefined;
  }

  header(name: string): string | undefined {
    const value = this.raw.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  /**
   * The request body, refused with `tooLarge` once it passes `limit` bytes, and with RequestAborted when the client
   * goes away first, so no one waits on a body that will never come.
   */
  body(limit: number, tooLarge: () => Error = () => new ApiError(413, "Request body too large")): Promise<Buffer> {
    this.bodyPromise ??= new Promise<Buffer>((resolve, reject) => {
      if (this.raw.destroyed && !this.raw.complete) {
        reject(new RequestAborted());
        return;
      }
      this.raw.once("close", () => {
        if (!this.raw.complete) reject(new RequestAborted());
      });
      const declared = Number(this.raw.headers["content-length"] ?? 0);
      if (declared > limit) {
        this.raw.resume();
        reject(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      this.raw.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          this.raw.removeAllListeners("data");
          this.raw.resume();
          reject(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      this.raw.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      this.raw.on("error", () => reject(new RequestAborted()));
    });
    return this.bodyPromise;
  }
}

/** A body that decompresses to more than the limit. */
export class BodyTooLarge extends Error {}

/**
 * Gunzips a body sent with `Content-Encoding: gzip`, with gzip magic bytes, or as base64 of gzip; zlib stops at
 * `limit` bytes of output, so a small gzip bomb never grows past it.
 */
export async function decodeBody(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  let data = body;
  if (data.length > 4 && data.subarray(0, 4).toString("latin1") === "H4sI")
    data = Buffer.from(data.toString("latin1"), "base64");
  if (contentEncoding === "gzip" || (data[0] === 0x1f && data[1] === 0x8b)) {
    try {
      return await gunzipAsync(data, { maxOutputLength: limit });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new BodyTooLarge();
      throw error;
    }
  }
  if (data.length > limit) throw new BodyTooLarge();
  return data;
}
