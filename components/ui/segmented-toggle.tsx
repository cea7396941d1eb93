"use client";

/** One choice of a few, as pressed buttons in a group (`testId(option)` names each button for tests). */
export function SegmentedToggle<T extends string>({
  label,
  options,
  value,
  onChange,
  testId,
}: {
  label: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  onChange: (value: T) => void;
  testId: (value: T) => string;
}) {
  return (
    <div
      role="group"
      aria-label={label}
      className="flex rounded-md border border-zinc-200 p-0.5 text-xs dark:border-zinc-700"
    >
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={value === option.value}
          data-testid={testId(option.value)}
          onClick={() => onChange(option.value)}
          className={`rounded px-2 py-0.5 focus-visible:outline-2 focus-visible:outline-sky-600 ${value === option.value ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
