/** The Events API call that sends this org's first request; a placeholder, never a real token. */
export function ingestionSnippet(org: string, user: string, timestamp: string): string {
  const event = {
    timestamp,
    org,
    user,
    request_id: "req_0001",
    method: "GET",
    route: "/v1/orders",
    status: 200,
    latency_ms: 42.5,
    bytes: 1024,
    region: "eu-central-1",
    client: "my-app/1.0",
  };
  return [
    `curl -X POST "$TINYBIRD_API_URL/v0/events?name=api_requests" \\`,
    `  -H "Authorization: Bearer $APPEND_TOKEN" \\`,
    `  -d '${JSON.stringify(event)}'`,
  ].join("\n");
}
