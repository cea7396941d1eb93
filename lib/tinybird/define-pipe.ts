// Declares a Tinybird endpoint once: its name (exactly its .pipe file's), the params the browser may send and the
// row shape it answers with. Callers get typed params and zod-validated rows from the same declaration.
import type { $ZodType, input, output } from "zod/v4/core";

export interface PipeDefinition<Params extends $ZodType = $ZodType, Row extends $ZodType = $ZodType> {
  name: string;
  params: Params;
  row: Row;
}

/** What a caller passes (before zod defaults and transforms). */
export type PipeParams<P extends PipeDefinition> = input<P["params"]>;
/** What a validated row looks like. */
export type PipeRow<P extends PipeDefinition> = output<P["row"]>;

export function definePipe<Params extends $ZodType, Row extends $ZodType>(
  name: string,
  schema: { params: Params; row: Row },
): PipeDefinition<Params, Row> {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`definePipe: "${name}" is not a Tinybird pipe name`);
  return { name, params: schema.params, row: schema.row };
}
