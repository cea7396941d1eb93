// A KPI next to the previous period: how much it changed and whether that is good news.
export interface KpiDelta {
  /** "+12.3%", "−0.42 pp", "new" (nothing comparable before), or "no change". */
  text: string;
  direction: "up" | "down" | "flat";
  /** Good, bad or neutral for the viewer: more errors is bad, more traffic is neutral. */
  tone: "good" | "bad" | "neutral";
}

export type KpiPolarity = "higher-is-worse" | "neutral";

const MINUS = "\u2212";

/**
 * The least a previous period may hold, as a share of the current one, to be compared with: below it (history that
 * starts mid-way, a tenant that just arrived) a change reads "new", never "+1202248%". At 0.1 the largest change
 * shown is +900%.
 */
export const MIN_PREVIOUS_SHARE = 0.1;

/** What a delta against a missing or near-empty previous period reads. */
export const NEW_DELTA: KpiDelta = { text: "new", direction: "flat", tone: "neutral" };

/** Whether the previous period holds enough (of requests, say) to compare the current one with. */
export function comparable(current: number, previous: number): boolean {
  return previous > 0 ? previous >= current * MIN_PREVIOUS_SHARE : current === 0;
}

function tone(direction: KpiDelta["direction"], polarity: KpiPolarity): KpiDelta["tone"] {
  if (direction === "flat" || polarity === "neutral") return "neutral";
  return direction === "up" ? "bad" : "good";
}

/** Relative change of a count or a latency; null when either side is unknown. */
export function relativeDelta(current: number | null, previous: number | null, polarity: KpiPolarity): KpiDelta | null {
  if (current === null || previous === null) return null;
  if (current === 0 && previous === 0) return { text: "no change", direction: "flat", tone: "neutral" };
  if (!comparable(current, previous)) return NEW_DELTA;
  const change = (current - previous) / previous;
  if (Math.abs(change) < 0.0005) return { text: "no change", direction: "flat", tone: "neutral" };
  const direction = change > 0 ? "up" : "down";
  const percent = Math.abs(change * 100);
  const digits = percent >= 100 ? 0 : 1;
  return { text: `${change > 0 ? "+" : MINUS}${percent.toFixed(digits)}%`, direction, tone: tone(direction, polarity) };
}

/** Change of a rate in percentage points (a relative change of a small rate reads as alarming noise). */
export function pointDelta(current: number, previous: number, polarity: KpiPolarity): KpiDelta {
  const points = (current - previous) * 100;
  if (Math.abs(points) < 0.005) return { text: "no change", direction: "flat", tone: "neutral" };
  const direction = points > 0 ? "up" : "down";
  return {
    text: `${points > 0 ? "+" : MINUS}${Math.abs(points).toFixed(2)} pp`,
    direction,
    tone: tone(direction, polarity),
  };
}
