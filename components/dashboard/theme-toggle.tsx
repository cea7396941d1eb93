"use client";
import { useState } from "react";
import { THEME_COOKIE, THEMES, type Theme } from "@/lib/dashboard/theme";

const LABELS: Record<Theme, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };
const ICONS: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

/** Cycles system → light → dark; remembered in a cookie so the server renders the right theme (no flash). */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      data-theme-value={theme}
      onClick={() => {
        document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        // The wrapper's attribute is server-rendered from the same cookie, so React and the DOM stay in agreement.
        document.querySelector("[data-theme]")?.setAttribute("data-theme", next);
        setTheme(next);
      }}
      className="rounded-md border border-zinc-300 px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
      title={`${LABELS[theme]} (switch to ${LABELS[next].toLowerCase()})`}
    >
      <span aria-hidden>{ICONS[theme]}</span>
      <span className="sr-only">
        {LABELS[theme]}; switch to {LABELS[next].toLowerCase()}
      </span>
    </button>
  );
}
