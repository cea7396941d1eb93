// SQL texts over ClickHouse's lexical grammar (clickhouse.com/docs/reference/syntax): every quoting, comment,
// heredoc, escape and number form, alone and two at a time, each hiding a payload that is either live (ClickHouse
// reads it as SQL: a second statement, a forbidden clause, another table) or inert (inside a comment, string,
// heredoc or quoted name). A guard that reads SQL differently from ClickHouse lets a live payload through, or
// refuses an inert one; either shows here.

/** A lexical form that leaves ClickHouse back at the top level of a WHERE clause, while misleading naive readers. */
export interface Decoy {
  label: string;
  /** `n` keeps aliases unique when two decoys share a query. */
  text(n: number): string;
}

export const DECOYS: readonly Decoy[] = [
  { label: "heredoc holding a quote", text: () => " AND $$'$$ = $$'$$" },
  { label: "tagged heredoc holding a quote", text: () => " AND $q$'$q$ = $q$'$q$" },
  { label: "heredoc holding a comment opener", text: () => " AND $$/*$$ != ''" },
  { label: "tagged heredoc holding $$", text: () => " AND $t$ $$ ' $t$ != ''" },
  { label: "// comment holding a quote", text: () => " // it's\n" },
  { label: "/// comment holding a quote", text: () => " /// it's\n" },
  { label: "# comment holding a quote", text: () => " # it's\n" },
  { label: "#! comment holding a quote", text: () => " #!it's\n" },
  { label: "-- comment holding a quote", text: () => " --it's\n" },
  { label: "-- comment running past a CR", text: () => " -- it's\r AND 'x\n" },
  { label: "block comment holding a quote", text: () => " /* it's */" },
  { label: "nested block comment", text: () => " /* a /* b */ it's */" },
  { label: "doubly nested block comment", text: () => " /*/* /* */ ' */ $$ */" },
  { label: "backslash-escaped quote", text: () => " AND 'it\\'s' = 'it''s'" },
  { label: "string ending in an escaped backslash", text: () => " AND '\\\\' = '\\\\'" },
  { label: "hex-escaped quote", text: () => " AND '\\x27' = ''''" },
  { label: "escaped control characters", text: () => " AND '\\0\\b\\f\\r\\n\\t\\a\\v\\e' != ''" },
  { label: "quote in a backtick alias", text: (n) => ` AND (1 AS \`it's${n}\`) = 1` },
  { label: "doubled backtick in an alias", text: (n) => ` AND (1 AS \`a\`\`'${n}\`) = 1` },
  { label: "quote in a double-quoted alias", text: (n) => ` AND (1 AS "it's${n}") = 1` },
  { label: "escaped double quote in an alias", text: (n) => ` AND (1 AS "a\\"'${n}") = 1` },
  { label: "keywords as quoted aliases", text: (n) => ` AND (1 AS "SELECT${n}") = 1 AND (2 AS \`;${n}\`) = 2` },
  { label: "hex and binary strings", text: () => " AND x'27' = b'00100111' AND X'3B' = ';'" },
  {
    label: "number forms",
    text: () =>
      " AND 0x1F = 31 AND 0b11 = 3 AND 1_000 = 1e3 AND 5e-1 = 0.5 AND 1. = 1 AND 0x1p3 = 8 AND inf > 1 AND nan != nan",
  },
  { label: "form feed, tab and CR between tokens", text: () => "\f\tAND\r1\f=\t1" },
  { label: "unicode in a string", text: () => " AND 'Ω；’\u2028' != ''" },
];

/** Where an inert payload can sit: it must stay text, however it is escaped. */
interface Container {
  label: string;
  wrap(payload: string): string;
}

const hex = (text: string) => Buffer.from(text).toString("hex");

export const CONTAINERS: readonly Container[] = [
  { label: "-- comment", wrap: (p) => ` -- ${p}` },
  { label: "// comment", wrap: (p) => ` // ${p}` },
  { label: "# comment", wrap: (p) => ` # ${p}` },
  { label: "#! comment", wrap: (p) => ` #!${p}` },
  { label: "block comment", wrap: (p) => ` /* ${p} */` },
  { label: "nested block comment", wrap: (p) => ` /* outer /* inner */ ${p} */` },
  {
    label: "string with backslash escapes",
    wrap: (p) => ` AND '${p.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}' != ''`,
  },
  { label: "string with doubled quotes", wrap: (p) => ` AND '${p.replace(/'/g, "''")}' != ''` },
  { label: "heredoc", wrap: (p) => ` AND $$${p}$$ != ''` },
  { label: "tagged heredoc", wrap: (p) => ` AND $tb$${p}$tb$ != ''` },
  { label: "backtick alias", wrap: (p) => ` AND (1 AS \`${p.replace(/`/g, "``")}\`) = 1` },
  { label: "double-quoted alias", wrap: (p) => ` AND (1 AS "${p.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}") = 1` },
  { label: "hex string", wrap: (p) => ` AND x'${hex(p)}' != ''` },
];

/** What a payload does when it is live, and what the server must answer then. */
export interface Payload {
  label: string;
  /** `n` makes created names (tables, files) unique, so any that appears can be traced to its request. */
  sql(n: number): string;
  status: 400 | 403;
  message: RegExp;
  /** Refused for admin tokens too (they keep the one-SELECT rule and never write files). */
  forAdmin: boolean;
}

export interface PayloadContext {
  /** The server's URL, for url() attacks on GET /tokens. */
  url: string;
  dataDir: string;
  projectDir: string;
  /** An empty folder files must never appear in. */
  pwnDir: string;
  /** A pipe the caller may not read. */
  otherPipe: string;
}

const NOT_SELECT = /^\[Error\] Only SELECT queries are supported/;
const OUTFILE = /^\[Error\] INTO OUTFILE is not allowed/;

export function payloads(ctx: PayloadContext): Payload[] {
  const resource = (name: string) => new RegExp(`^Resource '${name}' not found`);
  return [
    {
      label: "a second SELECT of every tenant's rows",
      sql: () => "; SELECT request_id, org, user FROM api_requests",
      status: 400,
      message: NOT_SELECT,
      forAdmin: true,
    },
    {
      label: "a second statement fetching GET /tokens",
      sql: () => `; SELECT * FROM url('${ctx.url}/tokens', 'JSONAsString')`,
      status: 400,
      message: NOT_SELECT,
      forAdmin: true,
    },
    {
      label: "a second statement creating a table",
      sql: (n) => `; CREATE TABLE pwn_${n} ENGINE = Memory AS SELECT * FROM api_requests`,
      status: 400,
      message: NOT_SELECT,
      forAdmin: true,
    },
    {
      label: "a second statement dropping a rollup",
      sql: () => "; DROP TABLE api_usage_daily",
      status: 400,
      message: NOT_SELECT,
      forAdmin: true,
    },
    {
      label: "a second statement writing a file",
      sql: (n) =>
        `; INSERT INTO FUNCTION file('${ctx.pwnDir}/pwn-${n}-insert.json', 'JSONEachRow') SELECT * FROM api_requests`,
      status: 400,
      message: NOT_SELECT,
      forAdmin: true,
    },
    {
      label: "INTO OUTFILE over workspace.json",
      sql: () => `INTO OUTFILE '${ctx.dataDir}/workspace.json' TRUNCATE`,
      status: 400,
      message: OUTFILE,
      forAdmin: true,
    },
    {
      label: "INTO OUTFILE over an endpoint's .pipe",
      sql: () => `INTO OUTFILE '${ctx.projectDir}/endpoints/status_codes.pipe' TRUNCATE`,
      status: 400,
      message: OUTFILE,
      forAdmin: true,
    },
    {
      label: "INTO OUTFILE a new file",
      sql: (n) => `INTO OUTFILE '${ctx.pwnDir}/pwn-${n}.json'`,
      status: 400,
      message: OUTFILE,
      forAdmin: true,
    },
    {
      label: "a FORMAT clause",
      sql: () => "FORMAT JSONEachRow",
      status: 400,
      message: /^\[Error\] FORMAT is not allowed/,
      forAdmin: true,
    },
    {
      label: "UNION with every tenant's rows",
      sql: () => "UNION ALL SELECT * FROM api_requests",
      status: 403,
      message: resource("api_requests"),
      forAdmin: false,
    },
    {
      label: "IN over the raw table",
      sql: () => "AND 1 IN (SELECT 1 FROM api_requests WHERE org != '')",
      status: 403,
      message: resource("api_requests"),
      forAdmin: false,
    },
    {
      label: "IN over a bare table name",
      sql: () => "AND 'acme' IN api_requests",
      status: 403,
      message: resource("api_requests"),
      forAdmin: false,
    },
    {
      label: "another pipe",
      sql: () => `AND 1 IN (SELECT 1 FROM ${ctx.otherPipe})`,
      status: 403,
      message: resource(ctx.otherPipe),
      forAdmin: false,
    },
    {
      label: "a system table",
      sql: () => "UNION ALL SELECT * FROM system.tables",
      status: 403,
      message: resource("system.tables"),
      forAdmin: false,
    },
    {
      label: "INFORMATION_SCHEMA",
      sql: () => "AND 1 IN (SELECT 1 FROM INFORMATION_SCHEMA.TABLES)",
      status: 403,
      message: resource("INFORMATION_SCHEMA.TABLES"),
      forAdmin: false,
    },
    {
      label: "file() reading workspace.json",
      sql: () => `UNION ALL SELECT * FROM file('${ctx.dataDir}/workspace.json', 'JSONAsString')`,
      status: 403,
      message: /^The query uses disabled table functions: 'file'$/,
      forAdmin: false,
    },
    {
      label: "url() fetching GET /tokens",
      sql: () => `UNION ALL SELECT * FROM url('${ctx.url}/tokens', 'JSONAsString')`,
      status: 403,
      message: /^The query uses disabled table functions: 'url'$/,
      forAdmin: false,
    },
    {
      label: "the file() function",
      sql: () => `AND file('${ctx.dataDir}/workspace.json') != ''`,
      status: 403,
      message: /^The function 'file' is not allowed/,
      forAdmin: false,
    },
    {
      label: "SETTINGS lifting the limits",
      sql: () => "SETTINGS max_execution_time = 3600, readonly = 0",
      status: 400,
      message: /^\[Error\] SETTINGS are not allowed/,
      forAdmin: false,
    },
  ];
}

export interface GrammarText {
  label: string;
  text: string;
  live: boolean;
  payload: Payload;
}

/** Every decoy alone and with three partners each, in every order that gives. */
export function decoySequences(): Decoy[][] {
  const sequences: Decoy[][] = DECOYS.map((decoy) => [decoy]);
  DECOYS.forEach((first, i) => {
    for (const step of [1, 5, 11]) sequences.push([first, DECOYS[(i * 7 + step) % DECOYS.length]!]);
  });
  return sequences;
}

/**
 * For `base` (a SELECT ending in a FROM, to which a WHERE is added): each decoy sequence `keep` selects with each
 * payload, once live after the decoys and once inert in a container, both closed with a comment holding a quote.
 * `first` numbers the created names.
 */
export function grammarTexts(
  base: string,
  list: readonly Payload[],
  keep: (sequence: number) => boolean = () => true,
  first = 0,
): GrammarText[] {
  const texts: GrammarText[] = [];
  let n = first;
  for (const [s, sequence] of decoySequences().entries()) {
    if (!keep(s)) continue;
    const decoys = sequence.map((decoy, d) => decoy.text(d)).join("");
    const names = sequence.map((decoy) => decoy.label).join(" + ");
    for (const [p, payload] of list.entries()) {
      const container = CONTAINERS[(s + p) % CONTAINERS.length]!;
      const sql = payload.sql(n++);
      texts.push(
        {
          label: `${names}, then live: ${payload.label}`,
          text: `${base} WHERE 1 = 1${decoys} ${sql} -- '`,
          live: true,
          payload,
        },
        {
          label: `${names}, then in a ${container.label}: ${payload.label}`,
          text: `${base} WHERE 1 = 1${decoys}${container.wrap(sql)} -- '`,
          live: false,
          payload,
        },
      );
    }
  }
  return texts;
}
