import { describe, expect, it } from "vitest";
import { clickhouseFailure } from "../../src/chdb/clickhouse-error";
import { loggablePath } from "../../src/http/redact-log";
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
  });
});

describe("loggablePath", () => {
  it("drops token arguments, however encoded, and keeps the rest as sent", () => {
    expect(loggablePath("/v0/pipes/top.json?org=acme&token=p.secret&limit=5")).toBe(
      "/v0/pipes/top.json?org=acme&limit=5",
    );
    expect(loggablePath("/v0/sql?%74oken=p.secret")).toBe("/v0/sql");
    expect(loggablePath("/v0/sql?q=select+'%localhost%'")).toBe("/v0/sql?q=select+'%localhost%'");
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
