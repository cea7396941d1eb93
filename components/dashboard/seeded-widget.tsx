// A widget with the results the server is fetching for it: it streams in on its own when they arrive (or the
// budget runs out), while the page and the other widgets don't wait. Until then its own loading state shows.
import { Suspense, type ReactNode } from "react";
import { PipeSeeds, type PendingSeed } from "@/lib/tinybird/client/pipe-seeds";

export function SeededWidget({ seeds, children }: { seeds: PendingSeed[]; children: ReactNode }) {
  // The fallback is the widget without seeds: the same skeleton it draws while loading, so nothing moves.
  return (
    <Suspense fallback={children}>
      <ResolvedSeeds seeds={seeds}>{children}</ResolvedSeeds>
    </Suspense>
  );
}

// Async on purpose (it is what streams) and a Suspense boundary's own child: React hydrates a boundary from its own
// markers, so this lazy child can't misplace a parent element's hydration cursor (eslint.config.mjs).
// eslint-disable-next-line no-restricted-syntax -- see above
async function ResolvedSeeds({ seeds, children }: { seeds: PendingSeed[]; children: ReactNode }) {
  const resolved = await Promise.all(seeds.map(async ({ key, result }) => ({ key, result: await result })));
  return <PipeSeeds seeds={resolved}>{children}</PipeSeeds>;
}
