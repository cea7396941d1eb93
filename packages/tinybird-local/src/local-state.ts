import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mintStaticToken } from "./auth/static-token";

export interface StoredToken {
  id: string;
  name: string;
  token: string;
  /** Tinybird scope strings: `ADMIN`, `PIPES:READ:<pipe>`, `DATASOURCES:APPEND:<ds>`… */
  scopes: string[];
  /** Where the token comes from: created with the workspace, or by a TOKEN line of a datafile. */
  origin: "workspace" | "datafile";
}

interface StateFile {
  workspaceId: string;
  workspaceName: string;
  createdAt: string;
  tokens: StoredToken[];
  /** CREATE TABLE last applied per datasource, to notice schema changes between starts. */
  tables: Record<string, string>;
}

export const ADMIN_TOKEN_NAME = "admin token";
export const USER_TOKEN_NAME = "user token";

/** The workspace, its tokens and the applied schema, kept in `<data dir>/workspace.json` across restarts. */
export class LocalState {
  private constructor(
    private readonly path: string,
    private readonly data: StateFile,
  ) {}

  static open(dataDir: string): LocalState {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, "workspace.json");
    let data: StateFile;
    try {
      data = JSON.parse(readFileSync(path, "utf8")) as StateFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new Error(`Can't read ${path}: ${(error as Error).message}. Fix or delete it to start a new workspace.`);
      }
      const workspaceId = randomUUID();
      const token = (name: string, scopes: string[]): StoredToken => ({
        ...mintStaticToken(workspaceId),
        name,
        scopes,
        origin: "workspace",
      });
      data = {
        workspaceId,
        workspaceName: "tinybird_local",
        createdAt: new Date().toISOString(),
        tokens: [token(ADMIN_TOKEN_NAME, ["ADMIN"]), token(USER_TOKEN_NAME, ["ADMIN_USER"])],
        tables: {},
      };
    }
    const state = new LocalState(path, data);
    state.save();
    return state;
  }

  get workspaceId(): string {
    return this.data.workspaceId;
  }

  get workspaceName(): string {
    return this.data.workspaceName;
  }

  get tokens(): readonly StoredToken[] {
    return this.data.tokens;
  }

  /** The workspace admin token: full access, and the key JWTs are signed with. */
  get adminToken(): string {
    return this.data.tokens.find((token) => token.name === ADMIN_TOKEN_NAME)!.token;
  }

  get userToken(): string {
    return this.data.tokens.find((token) => token.name === USER_TOKEN_NAME)!.token;
  }

  appliedTable(datasource: string): string | undefined {
    return this.data.tables[datasource];
  }

  recordTable(datasource: string, ddl: string): void {
    this.data.tables[datasource] = ddl;
  }

  /**
   * Gives each datafile TOKEN its current scopes, minting tokens seen for the first time. A token no datafile
   * mentions any more keeps its string but loses its scopes, so it stops working.
   */
  syncDatafileTokens(scopesByName: ReadonlyMap<string, string[]>): void {
    for (const token of this.data.tokens) {
      if (token.origin === "datafile") token.scopes = scopesByName.get(token.name) ?? [];
    }
    for (const [name, scopes] of scopesByName) {
      if (this.data.tokens.some((token) => token.name === name)) continue;
      this.data.tokens.push({ ...mintStaticToken(this.data.workspaceId), name, scopes, origin: "datafile" });
    }
  }

  save(): void {
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
