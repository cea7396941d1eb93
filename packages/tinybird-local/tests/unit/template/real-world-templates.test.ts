/**
 * Endpoint templates in the shapes real Tinybird projects use (docs/tinybird-compat.md §3.3 and §4.5: the starter kits, dub,
 * logs-explorer), rendered end to end. Long outputs are compared with whitespace collapsed.
 */
import { describe, expect, it } from "vitest";
import { renderSqlTemplate, templateVariables } from "../../../src/template/index";
import { errorMessage, sql } from "./template-test-helpers";

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

describe("docs/tinybird-compat.md §3.3 example endpoint", () => {
  const windowNode = `
    SELECT
    {% if defined(start) and defined(end) %}
        toDate({{ String(start) }}) AS from_day, toDate({{ String(end) }}) AS to_day
    {% else %}
        today() - 7 AS from_day, today() AS to_day
    {% end %}`;
  const endpointNode = `
    SELECT path, uniqMerge(visitors) AS visitors FROM pages_daily
    WHERE day >= (SELECT from_day FROM window) AND day <= (SELECT to_day FROM window)
    {% if defined(site) %} AND site = {{ String(site, description="Filter by site") }} {% end %}
    GROUP BY path ORDER BY visitors DESC
    LIMIT {{ Int32(skip, 0) }}, {{ Int32(limit, 50) }}`;

  it("renders the window node both ways", () => {
    expect(squash(sql(windowNode, { start: "2024-01-01", end: "2024-01-31" }))).toBe(
      "SELECT toDate('2024-01-01') AS from_day, toDate('2024-01-31') AS to_day",
    );
    expect(squash(sql(windowNode))).toBe("SELECT today() - 7 AS from_day, today() AS to_day");
  });

  it("renders the endpoint node with defaults and with parameters", () => {
    expect(squash(sql(endpointNode))).toBe(
      "SELECT path, uniqMerge(visitors) AS visitors FROM pages_daily WHERE day >= (SELECT from_day FROM window) AND day <= (SELECT to_day FROM window) GROUP BY path ORDER BY visitors DESC LIMIT toInt32('0'), toInt32('50')",
    );
    expect(squash(sql(endpointNode, { site: "docs", skip: "10", limit: "5" }))).toContain(
      "AND site = 'docs' GROUP BY path ORDER BY visitors DESC LIMIT toInt32('10'), toInt32('5')",
    );
  });

  it("describes its parameters for OpenAPI", () => {
    expect(templateVariables(endpointNode)).toEqual([
      { name: "site", type: "String", description: "Filter by site" },
      { name: "skip", type: "Int32", default: 0 },
      { name: "limit", type: "Int32", default: 50 },
    ]);
  });
});

describe("dub-style endpoint (bare {{ var }}, Array, Boolean, JSON filters loop)", () => {
  const workspaceLinks = `
    SELECT link_id
    FROM dub_links_metadata_latest FINAL
    WHERE
        workspace_id
        = {{
            String(
                workspaceId,
                'cl7pj5kq4006835rbjlt2ofka',
                description="The unique ID for the workspace",
                required=True,
            )
        }}
        AND deleted == 0
        {% if defined(programId) %} AND program_id = {{ programId }} {% end %}
        {% if defined(folderIds) %} AND folder_id IN {{ Array(folderIds, 'String') }}
        {% elif defined(folderId) %} AND folder_id = {{ folderId }}
        {% end %}
        {% if defined(root) %}
            {% if Boolean(root) == 1 %} AND key = '_root' {% else %} AND key != '_root' {% end %}
        {% end %}`;

  it("renders a multi-line {{ }} call and elif branches", () => {
    expect(squash(sql(workspaceLinks, { workspaceId: "ws_1", programId: "p_1", folderId: "f_1", root: "false" }))).toBe(
      "SELECT link_id FROM dub_links_metadata_latest FINAL WHERE workspace_id = 'ws_1' AND deleted == 0 AND program_id = 'p_1' AND folder_id = 'f_1' AND key != '_root'",
    );
    expect(squash(sql(workspaceLinks, { folderIds: "a,b", root: "true" }))).toBe(
      "SELECT link_id FROM dub_links_metadata_latest FINAL WHERE workspace_id = 'cl7pj5kq4006835rbjlt2ofka' AND deleted == 0 AND folder_id IN ['a','b'] AND key = '_root'",
    );
  });

  const metadataFilters = `
    SELECT count() FROM dub_lead_events_mv WHERE 1
    {% if defined(filters) %}
        {% for item in JSON(filters, '[]') %}
            {% if item.get('operand', '').startswith('metadata.') %}
                {% set metadataKey = item.get('operand', '').split('.')[1] %}
                {% set operator = item.get('operator', 'equals') %}
                {% set value = item.get('value', '') %}
                {% if operator == 'equals' %}
                    AND JSONExtractString(metadata, {{ metadataKey }}) = {{ value }}
                {% elif operator == 'notEquals' %}
                    AND JSONExtractString(metadata, {{ metadataKey }}) != {{ value }}
                {% elif operator == 'greaterThan' %}
                    AND JSONExtractString(metadata, {{ metadataKey }}) > {{ value }}
                {% end %}
            {% end %}
        {% end %}
    {% end %}`;

  it("iterates JSON filters from a query string", () => {
    const filters = JSON.stringify([
      { operand: "metadata.plan", operator: "equals", value: "pro" },
      { operand: "metadata.seats", operator: "greaterThan", value: "10" },
      { operand: "country", operator: "equals", value: "ES" },
      { operand: "metadata.o'neil", operator: "notEquals", value: "x" },
    ]);
    expect(squash(sql(metadataFilters, { filters }))).toBe(
      "SELECT count() FROM dub_lead_events_mv WHERE 1 AND JSONExtractString(metadata, 'plan') = 'pro' AND JSONExtractString(metadata, 'seats') > '10' AND JSONExtractString(metadata, 'o\\'neil') != 'x'",
    );
  });

  it("iterates JSON filters given as a POST body list", () => {
    expect(squash(sql(metadataFilters, { filters: [{ operand: "metadata.plan", value: "free" }] }))).toBe(
      "SELECT count() FROM dub_lead_events_mv WHERE 1 AND JSONExtractString(metadata, 'plan') = 'free'",
    );
  });

  it("renders nothing for an empty filter list and fails clearly on malformed JSON", () => {
    expect(squash(sql(metadataFilters, { filters: "[]" }))).toBe("SELECT count() FROM dub_lead_events_mv WHERE 1");
    expect(errorMessage(metadataFilters, { filters: '[{"operand": ' })).toBe(
      "Template Syntax Error: Error parsing JSON: '[{\"operand\": ' - Expecting value: line 1 column 14 (char 13)",
    );
  });
});

describe("logs-explorer-style endpoint (date_diff_in_hours, split_to_array, Array comparisons)", () => {
  const node = `
    {% if date_diff_in_hours(start_date, end_date) <= 24 * 7 %}
        {% if defined(message) and message != '' %}
            with {{split_to_array(String(message, ''), separator='|')}} as message_patterns
        {% end %}
    {% end %}
    SELECT
        {% if date_diff_in_hours(start_date, end_date) > 24 * 30 %} date,
        {% elif date_diff_in_hours(start_date, end_date) > 1 %} toStartOfHour(timestamp) as date,
        {% else %} toStartOfMinute(timestamp) as date,
        {% end %}
        count() as c
    FROM logs
    WHERE timestamp >= {{DateTime(start_date)}} AND timestamp <= {{DateTime(end_date)}}
    {% if defined(service) and service != [''] %} AND service in {{Array(service)}} {% end %}
    {% if defined(level) and len(level) > 0 %} AND level in {{Array(level)}} {% end %}
    GROUP BY date`;

  it("picks the granularity from the range and renders Python's list repr", () => {
    expect(
      squash(
        sql(node, {
          start_date: "2024-01-01 00:00:00",
          end_date: "2024-01-03 00:00:00",
          message: "timeout|refused",
          service: "api,web",
          level: "",
        }),
      ),
    ).toBe(
      "with ['timeout', 'refused'] as message_patterns SELECT toStartOfHour(timestamp) as date, count() as c FROM logs WHERE timestamp >= '2024-01-01 00:00:00' AND timestamp <= '2024-01-03 00:00:00' AND service in ['api','web'] AND level in [''] GROUP BY date",
    );
  });

  it("skips a service filter of one empty string (the Array was preprocessed to [''])", () => {
    expect(squash(sql(node, { start_date: "2024-01-01 00:00:00", end_date: "2024-03-01 00:00:00", service: "" }))).toBe(
      "SELECT date, count() as c FROM logs WHERE timestamp >= '2024-01-01 00:00:00' AND timestamp <= '2024-03-01 00:00:00' GROUP BY date",
    );
  });

  it("fails with Tinybird's message on a date in the wrong format", () => {
    expect(errorMessage(node, { start_date: "2024-01-01", end_date: "2024-01-03 00:00:00" })).toBe(
      "Template Syntax Error: invalid date_format in function `date_diff_in_hours`, defaults to YYYY-MM-DD hh:mm:ss. Or %Y-%m-%d %H:%M:%S [.ssssss]Z, e.g. ms: 2022-12-19T18:42:22.591Z s:2022-12-19T18:42:22Z",
    );
  });
});

describe("logs-explorer generic counter (column() whitelisted by the template)", () => {
  const node = `
    {% if not defined(column_name) %}
        {{ error('column_name (String) query param is required') }}
    {% end %}
    {% if defined(column_name) and column_name not in ['level', 'status_code', 'service'] %}
        {{ error('column_name (String) query param must be one of the following: level, status_code, service') }}
    {% end %}
    SELECT toString({{column(column_name, 'level')}}) as category, COUNT() as count
    FROM logs
    {% if defined(start_date) %} WHERE timestamp >= {{DateTime(start_date, '2024-01-01 00:00:00')}} {% end %}
    GROUP BY {{column(column_name, 'level')}}`;

  it("renders the chosen column", () => {
    expect(squash(sql(node, { column_name: "service" }))).toBe(
      "SELECT toString(`service`) as category, COUNT() as count FROM logs GROUP BY `service`",
    );
  });

  it("answers a 400 through error()", () => {
    const e = renderSqlTemplateError(node, { column_name: "password" });
    expect(e).toBe("column_name (String) query param must be one of the following: level, status_code, service");
    expect(renderSqlTemplateError(node, {})).toBe("column_name (String) query param is required");
  });
});

describe("web-analytics-starter-kit KPIs hits node (same-day comparison, descriptions)", () => {
  const node = `
    {% if defined(date_from) and defined(date_to) and date_from == date_to %}
        select toStartOfHour(timestamp) as date, session_id
        from analytics_hits
        where toDate(timestamp) = toDate({{ String(date_from) }})
            {% if defined(domain) %} AND domain = {{ String(domain, description="Filter by domain") }} {% end %}
    {% else %}
        select date, session_id from analytics_sessions_mv
        where date >= (SELECT current_start FROM date_calculations)
            {% if defined(domain) %} AND domain = {{ String(domain, description="Filter by domain") }} {% end %}
    {% end %}`;

  it("switches to hourly data for a single day", () => {
    expect(squash(sql(node, { date_from: "2024-05-01", date_to: "2024-05-01", domain: "example.com" }))).toBe(
      "select toStartOfHour(timestamp) as date, session_id from analytics_hits where toDate(timestamp) = toDate('2024-05-01') AND domain = 'example.com'",
    );
    expect(squash(sql(node, { date_from: "2024-05-01", date_to: "2024-05-02" }))).toBe(
      "select date, session_id from analytics_sessions_mv where date >= (SELECT current_start FROM date_calculations)",
    );
  });
});

describe("a multi-tenant endpoint with JWT fixed_params", () => {
  const node = `
    {% if not defined(org) or org == '' %}
        {{ error('The org parameter is required') }}
    {% end %}
    SELECT route, count() AS requests
    FROM api_requests
    WHERE org = {{ String(org, required=True) }}
        {% if defined(user) and user != '' %} AND user = {{ String(user) }} {% end %}
        {% if defined(routes) %} AND route IN {{ Array(routes, 'String') }} {% end %}
        {% if defined(min_status) %} AND status >= {{ UInt16(min_status) }} {% end %}
    GROUP BY route
    ORDER BY requests DESC
    LIMIT {{ Int32(limit, 10) }}`;

  it("renders the fixed org and the client's other parameters", () => {
    const r = renderSqlTemplate(node, {
      org: "acme",
      user: "user_1",
      routes: ["/a", "/b"],
      min_status: 500,
      limit: "3",
    });
    expect(squash(r.sql)).toBe(
      "SELECT route, count() AS requests FROM api_requests WHERE org = 'acme' AND user = 'user_1' AND route IN ['/a','/b'] AND status >= toUInt16('500') GROUP BY route ORDER BY requests DESC LIMIT toInt32('3')",
    );
    expect(r.warnings).toEqual([]);
  });

  it("fails closed without an org", () => {
    expect(renderSqlTemplateError(node, { org: "" })).toBe("The org parameter is required");
  });

  it("keeps an injection attempt inside the string literal", () => {
    expect(squash(sql(node, { org: "acme' OR 1=1 --" }))).toContain("WHERE org = 'acme\\' OR 1=1 --'");
  });
});

function renderSqlTemplateError(template: string, vars: Record<string, unknown>): string {
  return errorMessage(template, vars);
}
