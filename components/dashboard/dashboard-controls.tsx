"use client";
// Range presets, a custom range, the timezone, compare and a shareable link. Every change is a URL change: the server
// page validates the new params and the widgets refetch with keys that say exactly what they show.
import { useRouter } from "next/navigation";
import { useOptimistic, useState, useTransition, type FormEvent } from "react";
import { TimezoneCombobox } from "@/components/dashboard/timezone-combobox";
import { Button } from "@/components/ui/button";
import { dashboardHref, type DashboardState } from "@/lib/dashboard/dashboard-href";
import {
  instantOf,
  PRESET_NAMES,
  RANGE_PRESETS,
  resolveRange,
  toLocalInput,
  toPipeWallClock,
} from "@/lib/dashboard/time-range";
import { useDashboardQuery } from "@/lib/dashboard/use-dashboard-query";

const FIELD = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export function DashboardControls() {
  const query = useDashboardQuery();
  const { browserTimezone } = query;
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // Controls show the choice at once; the widgets follow when the server has validated the new URL.
  const [state, setOptimisticState] = useOptimistic(query.state);
  const timezone = state.tz ?? query.timezone;
  const custom = "from" in state.range ? state.range : null;
  const [editing, setEditing] = useState(custom !== null);
  const [draft, setDraft] = useState(custom ?? { from: "", to: "" });
  const [draftError, setDraftError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const go = (next: DashboardState) =>
    startTransition(() => {
      setOptimisticState(next);
      router.push(dashboardHref(next), { scroll: false });
    });

  const openCustom = () => {
    if (!custom && timezone) {
      const current = resolveRange(state.range, timezone, new Date());
      setDraft({ from: toLocalInput(current.date_from), to: toLocalInput(current.date_to) });
    }
    setDraftError(null);
    setEditing((open) => !open);
  };

  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    const zone = timezone ?? "UTC";
    if (!draft.from || !draft.to) return setDraftError("Enter both a start and an end.");
    if (instantOf(toPipeWallClock(draft.from), zone) >= instantOf(toPipeWallClock(draft.to), zone)) {
      return setDraftError("The start must be before the end.");
    }
    setDraftError(null);
    // A custom range is wall-clock time: pin the timezone so a shared link means the same hours for everyone.
    go({ ...state, range: { from: draft.from, to: draft.to }, tz: state.tz ?? timezone });
  };

  const copyLink = () => {
    const href = new URL(dashboardHref({ ...state, tz: state.tz ?? timezone }), window.location.origin).toString();
    void navigator.clipboard.writeText(href).then(() => setCopied(true));
  };

  return (
    <div className="space-y-3" data-testid="dashboard-controls">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-3">
        <div role="group" aria-label="Date range" className="flex flex-wrap gap-1">
          {PRESET_NAMES.map((preset) => {
            const active = !custom && "preset" in state.range && state.range.preset === preset;
            return (
              <Button
                key={preset}
                variant={active ? "primary" : "secondary"}
                size="sm"
                aria-pressed={active}
                aria-label={RANGE_PRESETS[preset].label}
                data-testid={`range-${preset}`}
                onClick={() => {
                  setEditing(false);
                  go({ ...state, range: { preset } });
                }}
              >
                {RANGE_PRESETS[preset].short}
              </Button>
            );
          })}
          <Button
            variant={custom ? "primary" : "secondary"}
            size="sm"
            aria-pressed={custom !== null}
            aria-expanded={editing}
            aria-controls="custom-range"
            data-testid="range-custom"
            onClick={openCustom}
          >
            Custom
          </Button>
        </div>

        <div className="flex items-center gap-2 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400" aria-hidden>
            Timezone
          </span>
          <TimezoneCombobox
            value={timezone}
            browser={browserTimezone}
            onChange={(zone) => go({ ...state, tz: zone })}
          />
        </div>

        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="h-4 w-4 accent-zinc-900 dark:accent-zinc-100"
            data-testid="compare-toggle"
            checked={state.compare}
            onChange={(event) => go({ ...state, compare: event.target.checked })}
          />
          Compare to previous period
        </label>

        <Button variant="ghost" size="sm" onClick={copyLink} data-testid="copy-link">
          {copied ? "Link copied" : "Copy link"}
        </Button>
        <span aria-live="polite" className="text-xs text-zinc-500 dark:text-zinc-400">
          {pending ? "Updating…" : ""}
        </span>
      </div>

      {editing && (
        <form
          id="custom-range"
          onSubmit={applyCustom}
          className="flex flex-wrap items-end gap-3"
          data-testid="custom-range-form"
        >
          <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
            From
            <input
              type="datetime-local"
              required
              className={FIELD}
              data-testid="custom-from"
              value={draft.from}
              onChange={(event) => setDraft({ ...draft, from: event.target.value })}
            />
          </label>
          <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
            To
            <input
              type="datetime-local"
              required
              className={FIELD}
              data-testid="custom-to"
              value={draft.to}
              onChange={(event) => setDraft({ ...draft, to: event.target.value })}
            />
          </label>
          <Button type="submit" size="sm" data-testid="custom-apply">
            Apply
          </Button>
          <span className="self-center text-xs text-zinc-500 dark:text-zinc-400">in {timezone ?? "…"}</span>
          {draftError && (
            <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
              {draftError}
            </p>
          )}
        </form>
      )}

      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="range-summary">
        {"preset" in state.range ? (
          RANGE_PRESETS[state.range.preset].label
        ) : (
          <>
            {state.range.from.replace("T", " ")} – {state.range.to.replace("T", " ")}
          </>
        )}
        {" · times in "}
        <span data-testid="dashboard-timezone">{timezone ?? "…"}</span>
        {timezone && timezone === browserTimezone && !state.tz ? " (your browser's)" : ""}
      </p>
    </div>
  );
}
