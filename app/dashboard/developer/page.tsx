import { TokenGate } from "@/components/dashboard/token-gate";
import { TokenPanel } from "@/components/dashboard/token-panel";

export default function DeveloperPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Developer</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The Tinybird JWT the middleware minted for you and your active organization.
        </p>
      </div>
      <TokenGate>
        <TokenPanel />
      </TokenGate>
    </div>
  );
}
