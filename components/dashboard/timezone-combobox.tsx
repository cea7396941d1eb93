"use client";
// A searchable timezone picker (the ARIA combobox pattern): type any part of a name, or a former one ("Calcutta"
// finds Asia/Kolkata); the current zone, the browser's and UTC come first. ~420 zones are too many for a <select>.
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { searchTimeZones, timeZoneOptions } from "@/lib/time-zone";

const FIELD =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

interface Props {
  value: string | null;
  browser: string | null;
  onChange: (zone: string) => void;
}

/** The zones to list for a query: with none, the usual choices first, then every zone. */
function listed(query: string, value: string | null, browser: string | null): string[] {
  const first = [value, browser, "UTC"].filter((zone): zone is string => Boolean(zone));
  const matches = query.trim() ? searchTimeZones(query).map((option) => option.name) : [];
  const rest = query.trim() ? matches : timeZoneOptions().map((option) => option.name);
  const leading = query.trim() ? first.filter((zone) => matches.includes(zone)) : first;
  return [...new Set([...leading, ...rest])];
}

export function TimezoneCombobox({ value, browser, onChange }: Props) {
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const zones = useMemo(() => (open ? listed(query, value, browser) : []), [open, query, value, browser]);

  const close = () => {
    setOpen(false);
    setQuery("");
  };
  const choose = (zone: string | undefined) => {
    close();
    if (zone && zone !== value) onChange(zone);
  };
  const move = (step: number) => {
    const next = Math.max(0, Math.min(zones.length - 1, active + step));
    setActive(next);
    document.getElementById(`${id}-${next}`)?.scrollIntoView({ block: "nearest" });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return setOpen(true);
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && open) {
      event.preventDefault();
      choose(zones[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  };

  return (
    <div className="relative w-56 max-w-full">
      <input
        type="text"
        role="combobox"
        aria-label="Timezone"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && zones.length > 0 ? `${id}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={!value}
        placeholder={open ? (value ?? "Search") : "…"}
        className={FIELD}
        data-testid="timezone-combobox"
        value={open ? query : (value ?? "")}
        onFocus={() => {
          setActive(0);
          setOpen(true);
        }}
        // Focus alone misses a click on the input still focused after Escape.
        onClick={() => setOpen(true)}
        onBlur={close}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul
          id={listId}
          role="listbox"
          aria-label="Timezones"
          data-testid="timezone-options"
          className="absolute z-20 mt-1 max-h-64 w-72 max-w-[calc(100vw-2rem)] overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {zones.length === 0 && (
            <li className="px-3 py-1.5 text-zinc-500 dark:text-zinc-400" data-testid="timezone-no-match">
              No timezone matches “{query}”
            </li>
          )}
          {zones.map((zone, index) => (
            <li
              key={zone}
              id={`${id}-${index}`}
              role="option"
              aria-selected={zone === value}
              data-testid="timezone-option"
              data-zone={zone}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(zone);
              }}
              onMouseMove={() => setActive(index)}
              className={`flex cursor-pointer justify-between gap-2 px-3 py-1.5 ${index === active ? "bg-zinc-100 dark:bg-zinc-800" : ""} ${zone === value ? "font-medium" : ""}`}
            >
              <span className="truncate">{zone}</span>
              {zone === browser && <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">browser</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
