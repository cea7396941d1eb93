// Time-axis ticks chosen by span: times within a day, weekday and date across days, dates across weeks. Bucket
// starts are wall-clock times in the dashboard's timezone, so boundaries (midnight, whole hours) are read off them
// directly and a DST day or a +05:45 zone needs no special case: a tick is the first bucket on its boundary.

export interface TimeTick {
  /** The bucket start the tick sits on (a value of the chart's x axis). */
  t: string;
  label: string;
}

interface Wall {
  t: string;
  /** The wall-clock time as if it were UTC, for calendar arithmetic. */
  ms: number;
  minuteOfDay: number;
  /** Days since 1970-01-01 of the wall-clock date. */
  day: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  dayOfMonth: number;
  /** Months since 1970-01. */
  month: number;
}

type Kind = "time" | "day" | "short-day" | "date";

interface Step {
  kind: Kind;
  /** Whether bucket `wall` (after `previous`) starts this step's boundary. */
  on: (wall: Wall, previous: Wall | undefined) => boolean;
}

const DAY_MS = 86_400_000;
const MAX_TIME_SPAN_MS = 3 * DAY_MS;
const MAX_DAY_SPAN_MS = 14 * DAY_MS;

function parse(t: string): Wall {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(t);
  if (!match) throw new Error(`Not a bucket start: "${t}" (expected YYYY-MM-DD HH:MM:SS)`);
  const [year, month, date, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, date, hour, minute);
  const day = Math.floor(ms / DAY_MS);
  return {
    t,
    ms,
    minuteOfDay: hour * 60 + minute,
    day,
    weekday: ((day + 3) % 7) + 1,
    dayOfMonth: date,
    month: (year - 1970) * 12 + month - 1,
  };
}

const newDay = (wall: Wall, previous: Wall | undefined) =>
  previous ? wall.day !== previous.day : wall.minuteOfDay === 0;

const everyMinutes = (minutes: number): Step => ({
  kind: "time",
  on: (wall) => wall.minuteOfDay % minutes === 0,
});
const everyDays = (days: number, kind: "day" | "short-day"): Step => ({
  kind,
  on: (wall, previous) => newDay(wall, previous) && wall.day % days === 0,
});
const everyWeeks = (weeks: number): Step => ({
  kind: "date",
  // Mondays; day 4 (1970-01-05) was the first Monday.
  on: (wall, previous) => newDay(wall, previous) && wall.weekday === 1 && Math.floor((wall.day - 4) / 7) % weeks === 0,
});
const everyMonths = (months: number): Step => ({
  kind: "date",
  on: (wall, previous) =>
    (previous ? wall.month !== previous.month : wall.dayOfMonth === 1 && wall.minuteOfDay === 0) &&
    wall.month % months === 0,
});

// Finest first; the first that fits the width wins.
const STEPS: Step[] = [
  ...[1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720].map(everyMinutes),
  // Each day with "Tue, Dec 1", else "Tue 1", before every other day.
  ...[1, 2].flatMap((days) => [everyDays(days, "day"), everyDays(days, "short-day")]),
  ...[1, 2].map(everyWeeks),
  ...[1, 3, 6, 12].map(everyMonths),
];

const LOCALE = "en-US";
// Wall-clock times are already in the dashboard's timezone: formatted as UTC so nothing shifts them again.
const FORMATS: Record<"time" | "day" | "weekday" | "date" | "month", Intl.DateTimeFormat> = {
  time: new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", hourCycle: "h23", hour: "2-digit", minute: "2-digit" }),
  day: new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", weekday: "short", month: "short", day: "numeric" }),
  weekday: new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", weekday: "short" }),
  date: new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", month: "short", day: "numeric" }),
  month: new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", month: "short", year: "numeric" }),
};

function label(wall: Wall, previous: Wall | undefined, kind: Kind, spansDays: boolean): string {
  const date = new Date(wall.ms);
  if (kind === "time") {
    if (!newDay(wall, previous)) return FORMATS.time.format(date);
    // The day a time axis crosses into: its weekday and date where it spans days, else just the date.
    return (spansDays ? FORMATS.day : FORMATS.date).format(date);
  }
  if (kind === "day") return FORMATS.day.format(date);
  if (kind === "short-day") return `${FORMATS.weekday.format(date)} ${wall.dayOfMonth}`;
  // A year's first tick says which year.
  return wall.dayOfMonth === 1 && wall.month % 12 === 0 ? FORMATS.month.format(date) : FORMATS.date.format(date);
}

// Tick labels are 11 px: about 6.5 px a character, and at least a gap this wide between two.
const CHAR_PX = 6.5;
const GAP_PX = 20;

/**
 * Ticks for a time axis whose plot is `width` pixels wide over `buckets` (bucket starts, wall-clock 'YYYY-MM-DD HH:MM:SS' in the
 * dashboard's timezone, ascending): the finest boundaries whose labels fit (whole minutes and hours, days, Mondays,
 * month starts). A wall-clock time that repeats (the hour a DST change repeats) is never a tick.
 */
export function timeTicks(buckets: readonly string[], width: number): TimeTick[] {
  if (buckets.length === 0) return [];
  const walls = buckets.map(parse);
  const counts = new Map<string, number>();
  for (const t of buckets) counts.set(t, (counts.get(t) ?? 0) + 1);
  const span = walls.at(-1)!.ms - walls[0]!.ms;
  const spansDays = span > DAY_MS;
  let ticks: TimeTick[] = [];
  // Past a few days, times of day between the days are noise; past two weeks, so are weekdays.
  const steps = STEPS.filter(
    (step) =>
      !(step.kind === "time" && span > MAX_TIME_SPAN_MS) &&
      !((step.kind === "day" || step.kind === "short-day") && span > MAX_DAY_SPAN_MS),
  );
  for (const step of steps) {
    ticks = walls.flatMap((wall, index) => {
      const previous = index > 0 ? walls[index - 1] : undefined;
      if (!step.on(wall, previous) || counts.get(wall.t) !== 1) return [];
      const text = label(wall, previous, step.kind, spansDays);
      // Buckets are evenly spaced points; a label centred too near the right edge would be cut off.
      const x = walls.length > 1 ? (index / (walls.length - 1)) * width : 0;
      return width - x >= (text.length * CHAR_PX) / 2 ? [{ t: wall.t, label: text }] : [];
    });
    const needed = ticks.reduce((sum, tick) => sum + tick.label.length * CHAR_PX + GAP_PX, 0);
    if (needed <= width) break;
  }
  return ticks;
}
