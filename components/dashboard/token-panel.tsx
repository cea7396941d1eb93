"use client";
import { Card } from "@/components/ui/card";
import { ExpiryCountdown } from "@/components/dashboard/expiry-countdown";
import { commonFixedParams, decodeTinybirdToken } from "@/lib/tinybird/decode-tinybird-token";
import { useTinybirdToken } from "@/lib/tinybird/client/use-tinybird-token";

/** The developer view of the current Tinybird JWT: decoded claims, scopes, the tenant's fixed params, expiry. */
export function TokenPanel() {
  const { result, refresh } = useTinybirdToken();
  if (result.status !== "ok") return null;
  const claims = decodeTinybirdToken(result.token);
  if (!claims) return <Card data-testid="token-panel">The token could not be decoded.</Card>;
  const fixed = commonFixedParams(claims.scopes);

  return (
    <div className="space-y-6" data-testid="token-panel">
      <Card>
        <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field label="Organization (fixed org)" testId="token-claim-org" value={fixed.org} />
          <Field label="User (fixed user)" testId="token-claim-user" value={fixed.user ?? "— org-wide (admin)"} />
          <Field label="Token name (rate-limit bucket)" testId="token-claim-name" value={claims.name} />
          <div>
            <dt className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">Expires in</dt>
            <dd className="mt-1 font-mono text-sm">
              <ExpiryCountdown expiresAt={result.expiresAt} />
            </dd>
          </div>
        </dl>
        <button
          type="button"
          onClick={() => void refresh()}
          className="mt-4 text-sm text-zinc-600 underline dark:text-zinc-400"
        >
          Renew now
        </button>
      </Card>

      <Card>
        <h2 className="font-semibold">Scopes</h2>
        <table className="mt-3 w-full text-left text-sm" data-testid="token-scopes">
          <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="py-1 pr-4">Type</th>
              <th className="py-1 pr-4">Pipe</th>
              <th className="py-1">Fixed params</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 font-mono dark:divide-zinc-800">
            {claims.scopes.map((scope) => (
              <tr key={`${scope.type}:${scope.resource}`}>
                <td className="py-1.5 pr-4">{scope.type}</td>
                <td className="py-1.5 pr-4">{scope.resource}</td>
                <td className="py-1.5">{JSON.stringify(scope.fixed_params ?? {})}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
          Tinybird applies fixed params over any parameter the browser sends, so this token only ever reads this
          tenant&apos;s rows. Rate limit: {claims.limits?.rps ?? "none"} requests/s for this token name.
        </p>
      </Card>

      <Card>
        <details>
          <summary className="cursor-pointer font-semibold">Decoded claims</summary>
          <pre
            className="mt-3 overflow-x-auto rounded bg-zinc-950 p-4 font-mono text-xs text-zinc-100"
            data-testid="token-claims-json"
          >
            {JSON.stringify(claims, null, 2)}
          </pre>
        </details>
      </Card>
    </div>
  );
}

function Field({ label, value, testId }: { label: string; value: unknown; testId: string }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 break-all font-mono text-sm" data-testid={testId}>
        {value === undefined || value === null ? "—" : String(value)}
      </dd>
    </div>
  );
}
