"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ingestionSnippet } from "@/lib/dashboard/ingestion-snippet";
import { wallClockAt } from "@/lib/dashboard/time-range";
import { useLivePipe, useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import { RECENT_REQUESTS_PARAMS } from "@/lib/dashboard/widget-queries";
import { recentRequests, usageKpis } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";
import { useTinybirdToken } from "@/lib/tinybird/client/use-tinybird-token";

/**
 * Shown when the organization has no data at all (nothing in the range and no request ever): how to send some.
 * It reads the same cached responses as the KPI cards and the recent-requests tail, so it costs no request.
 */
export function OrgEmptyState() {
  const tenant = useTinybirdTenant();
  const { apiUrl } = useTinybirdToken();
  const kpis = useRangedPipe(usageKpis);
  const recent = useLivePipe(recentRequests, RECENT_REQUESTS_PARAMS);
  const [copied, setCopied] = useState(false);
  const empty = kpis.data && recent.data && (kpis.data.rows[0]?.requests ?? 0) === 0 && recent.data.rows.length === 0;
  if (!tenant || !empty) return null;

  const snippet = ingestionSnippet(tenant.org, tenant.user ?? "user_123", `${wallClockAt(Date.now(), "UTC")}.000`);
  return (
    <section
      data-testid="org-empty-state"
      aria-labelledby="org-empty-state-title"
      className="rounded-lg border border-dashed border-sky-300 bg-sky-50 p-5 dark:border-sky-800 dark:bg-sky-950/40"
    >
      <h2 id="org-empty-state-title" className="font-semibold">
        No data for {tenant.org} yet
      </h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
        Send your API&apos;s requests to Tinybird&apos;s Events API, one JSON object per request, with{" "}
        <code className="font-mono text-xs">org</code> set to <code className="font-mono text-xs">{tenant.org}</code>.
        Use a token that may only append to <code className="font-mono text-xs">api_requests</code> (the{" "}
        <code className="font-mono text-xs">api_requests_append</code> token), from your backend, never from a browser.
        Here <code className="font-mono text-xs">TINYBIRD_API_URL</code> is{" "}
        <code className="font-mono text-xs">{apiUrl}</code>.
      </p>
      <pre
        className="mt-3 overflow-x-auto rounded-md bg-zinc-950 p-3 font-mono text-xs text-zinc-100"
        data-testid="ingestion-snippet"
      >
        {snippet}
      </pre>
      <Button
        variant="secondary"
        size="sm"
        className="mt-2"
        onClick={() => void navigator.clipboard.writeText(snippet).then(() => setCopied(true))}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </section>
  );
}
