import { describe, expect, it } from "vitest";
import { clickhouseFailure } from "../../src/chdb/clickhouse-error";
import { loggablePath, normalisedName, redactSecrets } from "../../src/http/redact-log";
import type { Datasource } from "../../src/project/project-types";
import { createTableSql } from "../../src/schema/datasource-ddl";

describe("clickhouseFailure", () => {
  it("reshapes ClickHouse errors into Tinybird's [Error] form with the right status", () => {
    expect(
      clickhouseFailure(
        Object.assign(
          new Error(
            "Code: 47. DB::Exception: Unknown expression identifier `nope` in scope SELECT nope. (UNKNOWN_IDENTIFIER) (version 26.7.2.1)",
          ),
          {
            clickhouseCode: 47,
          },
        ),
      ),
    ).toEqual({
      status: 400,
      code: 47,
      message: "[Error] Unknown expression identifier `nope` in scope SELECT nope. (UNKNOWN_IDENTIFIER)",
    });
    expect(
      clickhouseFailure(
        new Error("Code: 159. DB::Exception: Timeout exceeded: elapsed 10.2 seconds, maximum: 10. (TIMEOUT_EXCEEDED)"),
      ),
    ).toEqual({
      status: 408,
      code: 159,
      message:
        "[Error] Timeout exceeded: elapsed 10.2 seconds, maximum: 10 contact us at support@tinybird.co to raise limits",
    });
    expect(
      clickhouseFailure(new Error("Code: 60. DB::Exception: Unknown table expression identifier 'x'. (UNKNOWN_TABLE)"))
        .status,
    ).toBe(409);
    expect(
      clickhouseFailure(
        new Error(
          "Code: 241. DB::Exception: Code: 241. DB::Exception: Query memory limit exceeded: would use 1.22 GiB, maximum: 1.00 GiB. (MEMORY_LIMIT_EXCEEDED)",
        ),
      ),
    ).toEqual({
      status: 400,
      code: 241,
      message: "[Error] Query memory limit exceeded: would use 1.22 GiB, maximum: 1.00 GiB. (MEMORY_LIMIT_EXCEEDED)",
    });
    expect(clickhouseFailure(new Error("Code: 241. DB::Exception: Memory limit (total) exceeded")).status).toBe(500);
  });
});

describe("loggablePath", () => {
  it("drops token arguments, however encoded, and keeps the rest as sent", () => {
    expect(loggablePath("/v0/pipes/top.json?org=acme&token=p.secret&limit=5")).toBe(
      "/v0/pipes/top.json?org=acme&limit=5",
    );
    expect(loggablePath("/v0/sql?%74oken=p.secret")).toBe("/v0/sql");
    expect(loggablePath("/v0/sql?q=select+'%localhost%'")).toBe("/v0/sql?q=select+'%localhost%'");
    for (const name of [
      "TOKEN",
      "Token",
      "tok%65n",
      "token%00",
      "%2574oken",
      "to%E2%80%8Bken",
      "%EF%BD%94oken",
      "token%5B%5D",
    ]) {
      expect(loggablePath(`/v0/pipes/top.json?${name}=p.secret&org=acme`), name).toBe("/v0/pipes/top.json?org=acme");
    }
  });

  it("masks values that decode to a JWT or a p. token, and such tokens anywhere in a line", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ3b3Jrc3BhY2VfaWQiOiJ4In0.c2lnbmF0dXJlX2hlcmU";
    const staticToken = "p.eyJ1IjogIndvcmtzcGFjZSJ9.AbCdEfGhIjKlMnOpQrStUv";
    expect(loggablePath(`/v0/pipes/top.json?auth=${jwt}&org=acme`)).toBe("/v0/pipes/top.json?auth=[redacted]&org=acme");
    expect(loggablePath(`/v0/sql?x=${encodeURIComponent(staticToken).replace(/p/, "%70")}`)).toBe(
      "/v0/sql?x=[redacted]",
    );
    expect(loggablePath(`/v0/pipes/${jwt}.json`)).toBe("/v0/pipes/[redacted].json");
    expect(redactSecrets(`Unexpected error: Bearer ${jwt} and ${staticToken}`)).toBe(
      "Unexpected error: Bearer [redacted] and [redacted]",
    );
    expect(normalisedName("T%4FK%45N%00")).toBe("token");
  });
});

describe("createTableSql", () => {
  it("maps engine settings to ClickHouse clauses", () => {
    const datasource = {
      name: "events",
      columns: [
        { name: "ts", type: "DateTime", nullable: false, jsonPath: "$.ts" },
        { name: "v", type: "UInt64", nullable: false, defaultExpr: "0", codec: "(ZSTD(1))" },
      ],
      engine: {
        type: "ReplacingMergeTree",
        args: { ver: "v", sorting_key: "ts, v", partition_key: "", ttl: "ts + INTERVAL 1 DAY" },
      },
      indexes: [{ name: "i", expr: "v", type: "minmax", granularity: "4" }],
    } as unknown as Datasource;
    expect(createTableSql(datasource)).toBe(
      "CREATE TABLE `events`\n(\n    `ts` DateTime,\n    `v` UInt64 DEFAULT 0 CODEC(ZSTD(1)),\n    INDEX i v TYPE minmax GRANULARITY 4\n)\nENGINE = ReplacingMergeTree(v)\nORDER BY (ts, v)\nTTL ts + INTERVAL 1 DAY",
    );
  });
});
