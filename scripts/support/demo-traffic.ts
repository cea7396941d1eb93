// The demo traffic model, shared by the seed, the fixture and the live simulator. The model itself is
// tinybird/copies/demo_api_requests.pipe: a minute's rows depend only on that minute, the rate and the seed, so
// whatever seeds history and whatever posts "now" draw one curve. This file holds its knobs and how to read it.
import { querySql, type TinybirdAdmin } from "./tinybird-admin";

/** Twice the longest dashboard range (90 days), so every range's previous period has data. */
export const DEMO_DAYS = 180;
export const DEMO_SEED = 42;
/** Mean requests per minute over all organizations: ~3.1M rows over 180 days, a few per live 10 s bucket. */
export const DEMO_RATE_PER_MINUTE = 12;
export const DEMO_ROWS = DEMO_RATE_PER_MINUTE * DEMO_DAYS * 1440;

export type DemoRow = Record<string, string | number>;

/** 'YYYY-MM-DD HH:MM:SS' UTC of an instant, as the pipe's DateTime parameters take it. */
export function utcMinute(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString().slice(0, 19).replace("T", " ");
}

/** The mean rate that spreads `rows` over `days`. */
export function ratePerMinute(rows: number, days: number): number {
  return rows / (days * 1440);
}

/** The model's rows for the whole minutes in [from, to), read through the Query API (nothing is written). */
export async function demoRowsBetween(
  tb: TinybirdAdmin,
  traffic: { rate: number; seed: number },
  from: number,
  to: number,
): Promise<DemoRow[]> {
  const params = new URLSearchParams({
    start: utcMinute(from),
    end: utcMinute(to),
    rate: String(traffic.rate),
    seed: String(traffic.seed),
  });
  return querySql<DemoRow>(tb, "SELECT * FROM demo_api_requests ORDER BY timestamp", params);
}
