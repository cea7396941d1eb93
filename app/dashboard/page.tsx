import { TokenGate } from "@/components/dashboard/token-gate";
import { Card } from "@/components/ui/card";

export default function DashboardPage() {
  return (
    <TokenGate>
      <Card data-testid="dashboard-overview">
        <h1 className="text-lg font-semibold">Overview</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Your organization&apos;s Tinybird token is ready. The API-usage charts are on their way; meanwhile the
          Developer tab shows the token and its tenant filter.
        </p>
      </Card>
    </TokenGate>
  );
}
