/** What a table or chart shows when the range holds no requests. */
export function NoRequests({ children = "No requests in this range." }: { children?: string }) {
  return (
    <p className="py-8 text-center text-sm text-zinc-500 dark:text-zinc-400" data-testid="widget-no-data">
      {children}
    </p>
  );
}
