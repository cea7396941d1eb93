import { noOrganization } from "@/components/auth/no-organization";
import { PipeFailuresPanel } from "@/components/dashboard/pipe-failures-panel";
import { TokenGate } from "@/components/dashboard/token-gate";
import { TokenPanel } from "@/components/dashboard/token-panel";
import { getViewer } from "@/lib/auth/viewer";

export default async function DeveloperPage() {
  const viewer = await getViewer();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Developer</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The Tinybird JWT the middleware minted for you and your active organization, and the pipes failing right now.
        </p>
      </div>
      <TokenGate noOrg={viewer && (await noOrganization(viewer))}>
        <div className="space-y-6">
          <PipeFailuresPanel />
          <TokenPanel />
        </div>
      </TokenGate>
    </div>
  );
}
