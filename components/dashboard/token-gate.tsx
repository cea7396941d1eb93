"use client";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useTinybirdToken } from "@/lib/tinybird/client/use-tinybird-token";

/** Renders its children only while there is a token; otherwise says why not and what to do (`noOrg`: the choice). */
export function TokenGate({ children, noOrg }: { children: ReactNode; noOrg?: ReactNode }) {
  const { result, refresh } = useTinybirdToken();
  if (result.status === "ok") return <>{children}</>;
  if (result.status === "no-org") {
    return (
      <Card data-testid="token-state-no-org">
        <h2 className="font-semibold">Choose an organization</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Analytics belong to an organization: choose one to see its data.
        </p>
        {noOrg && <div className="mt-4">{noOrg}</div>}
      </Card>
    );
  }
  if (result.status === "signed-out") {
    return (
      <Card data-testid="token-state-signed-out">
        <h2 className="font-semibold">Signed out</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Your session ended. Sign in again to see analytics.
        </p>
      </Card>
    );
  }
  return (
    <Card
      data-testid="token-state-unavailable"
      className="border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950"
    >
      <h2 className="font-semibold">Analytics unavailable — retry</h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
        We couldn&apos;t get an analytics token for this organization just now. Nothing is wrong with your data.
      </p>
      <Button className="mt-3" variant="secondary" data-testid="token-retry" onClick={() => void refresh()}>
        Retry
      </Button>
    </Card>
  );
}
