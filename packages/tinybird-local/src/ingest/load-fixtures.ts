import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ChdbPool } from "../chdb/chdb-pool";
import type { Datasource } from "../project/project-types";
import type { NdjsonIngestor } from "./ndjson-ingestor";

function readIfFile(path: string): string | undefined {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ? readFileSync(path, "utf8") : undefined;
}

/**
 * Loads `fixtures/<datasource>.ndjson` (through the Events API path: jsonpaths, quarantine, materialized views)
 * or `fixtures/<datasource>.csv` (with or without a header row) into a datasource.
 */
export async function loadFixture(
  projectDir: string,
  datasource: Datasource,
  pool: ChdbPool,
  ingestor: NdjsonIngestor,
  log: (line: string) => void,
): Promise<void> {
  const base = join(projectDir, "fixtures", datasource.name);
  const ndjson = readIfFile(`${base}.ndjson`);
  if (ndjson !== undefined) {
    if (!ingestor.acceptsJson) {
      log(`fixtures/${datasource.name}.ndjson skipped: the datasource has no jsonpaths`);
      return;
    }
    const result = await ingestor.ingest(ndjson, `fixture-${datasource.name}`);
    log(
      `Loaded fixtures/${datasource.name}.ndjson: ${result.successful} rows` +
        (result.quarantined ? `, ${result.quarantined} quarantined (see ${datasource.name}_quarantine)` : ""),
    );
    return;
  }
  const csv = readIfFile(`${base}.csv`);
  if (csv === undefined) return;
  const firstLine = csv.split("\n", 1)[0] ?? "";
  const header = firstLine.split(",").map((cell) => cell.trim().replace(/^"|"$/g, ""));
  const hasHeader =
    header.length > 0 && header.every((cell) => datasource.columns.some((column) => column.name === cell));
  await pool.insert(datasource.name, csv, hasHeader ? "CSVWithNames" : "CSV");
  log(`Loaded fixtures/${datasource.name}.csv`);
}
