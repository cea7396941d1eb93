const DOCS_HOST = "https://docs.tinybird.co";

export interface TemplateErrorDetails {
  status?: number;
  /** Tinybird documentation path ("/cli/advanced-templates.html") or full URL. */
  documentation?: string;
  body?: string;
  contentType?: string;
}

/** Every user-facing template failure, shaped the way Tinybird's HTTP layer reports it. */
export class TemplateError extends Error {
  readonly status: number;
  readonly documentation?: string;
  readonly body?: string;
  readonly contentType?: string;

  constructor(message: string, details: TemplateErrorDetails = {}) {
    super(message);
    this.name = "TemplateError";
    this.status = details.status ?? 400;
    const doc = details.documentation;
    if (doc !== undefined) this.documentation = doc.startsWith("http") ? doc : DOCS_HOST + doc;
    if (details.body !== undefined) this.body = details.body;
    if (details.contentType !== undefined) this.contentType = details.contentType;
  }
}
