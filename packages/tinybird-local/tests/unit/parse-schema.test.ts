import { describe, expect, it } from "vitest";
import { parseSchema } from "../../src/project/parse-schema";

describe("parseSchema", () => {
  it("reads names, types, jsonpaths, defaults and codecs", () => {
    const columns = parseSchema(`
    \`timestamp\` DateTime64(3, 'UTC') \`json:$.timestamp\`,
    \`session\` Nullable(String) \`json:$.session\`, -- may be missing
    tenant LowCardinality(String) \`json:$.['tenant.id']\` DEFAULT '',
    \`tags\` Array(String) \`json:$.tags[:]\`,
    \`size\` UInt32 \`json:$.size\` DEFAULT 0 CODEC(ZSTD(1)),
    \`note\` Nullable(String) DEFAULT NULL
`);
    expect(columns).toEqual([
      { name: "timestamp", type: "DateTime64(3, 'UTC')", nullable: false, jsonPath: "$.timestamp" },
      { name: "session", type: "Nullable(String)", nullable: true, jsonPath: "$.session" },
      {
        name: "tenant",
        type: "LowCardinality(String)",
        nullable: false,
        jsonPath: "$.['tenant.id']",
        defaultExpr: "''",
      },
      { name: "tags", type: "Array(String)", nullable: false, jsonPath: "$.tags[:]" },
      { name: "size", type: "UInt32", nullable: false, jsonPath: "$.size", defaultExpr: "0", codec: "(ZSTD(1))" },
      { name: "note", type: "Nullable(String)", nullable: true, defaultExpr: "NULL" },
    ]);
  });

  it("keeps -- inside jsonpaths", () => {
    expect(parseSchema("c Float32 `json:$.a--b`")[0]!.jsonPath).toBe("$.a--b");
  });

  it.each([
    ["col#name Int32", 1, 'Column name contains invalid character "#". Hint: use backticks'],
    ["a Int32,\n  b Int32 MATERIALIZED a * 2", 2, "MATERIALIZED columns are not supported"],
    ["a Int32,\nb DateTime DEFAULT", 2, "Missing mandatory value for DEFAULT"],
    ["a Int32 NULL", 1, "NULL column syntax not supported. Hint: use Nullable(...)"],
    ["a Array(Int32", 1, "Expected closing )"],
    ["a Int32,\na String", 2, "Column 'a' is defined twice"],
    ["`a b` Int32", 1, "Expected closing backtick"],
  ])("rejects %j at line %i", (schema, line, message) => {
    expect(() => parseSchema(schema)).toThrow(expect.objectContaining({ message, line }));
  });
});
