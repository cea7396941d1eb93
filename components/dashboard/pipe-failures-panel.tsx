"use client";
import { Card } from "@/components/ui/card";
import { usePipeFailures } from "@/lib/tinybird/client/pipe-health";

/** The developer's side of a widget error: which pipe, what status and what Tinybird said, per failing pipe. */
export function PipeFailuresPanel() {
  const failures = usePipeFailures();
  return (
    <Card data-testid="pipe-failures">
      <h2 className="font-semibold">Failing pipes</h2>
      {failures.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="pipe-failures-none">
          Every pipe this tab requested answered the last time it asked.
        </p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
              <tr>
                <th className="py-1 pr-4">Pipe</th>
                <th className="py-1 pr-4">Status</th>
                <th className="py-1 pr-4">Kind</th>
                <th className="py-1 pr-4">At</th>
                <th className="py-1">Message</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {failures.map((failure) => (
                <tr key={failure.pipe} data-testid="pipe-failure" data-pipe={failure.pipe}>
                  <td className="py-1.5 pr-4 font-mono">{failure.pipe}</td>
                  <td className="py-1.5 pr-4 font-mono" data-testid="pipe-failure-status">
                    {failure.status ?? (failure.timedOut ? "timeout" : "no response")}
                  </td>
                  <td className="py-1.5 pr-4">{failure.kind}</td>
                  <td className="py-1.5 pr-4 font-mono text-xs">{new Date(failure.at).toISOString().slice(11, 19)}Z</td>
                  <td className="py-1.5 break-words" data-testid="pipe-failure-message">
                    {failure.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
