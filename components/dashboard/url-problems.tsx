/** Which URL params were ignored and why, so an edited or mistyped link doesn't fail silently. */
export function UrlProblems({ problems }: { problems: string[] }) {
  return (
    <div
      role="status"
      data-testid="url-problems"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
    >
      <p className="font-medium">Some of this link&apos;s settings were ignored:</p>
      <ul className="mt-1 list-inside list-disc">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}
