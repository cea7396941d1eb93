// Runs `task` against a local Tinybird server on a fresh temporary data folder, removed afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServer, type RunningServer } from "tinybird-local-chdb";

export async function withThrowawayTinybird<T>(
  options: { fixtures: boolean },
  task: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tinybird-throwaway-"));
  const server = await startServer({
    port: 0,
    projectDir: path.resolve("tinybird"),
    dataDir,
    fixtures: options.fixtures,
    log: false,
  });
  try {
    return await task(server);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
