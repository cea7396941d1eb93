/** A request was refused because its key already has as many requests running and waiting as the gate allows. */
export class GateFull extends Error {
  constructor(readonly limit: number) {
    super(`At most ${limit} concurrent requests`);
  }
}

interface Lane {
  running: number;
  waiting: Array<() => void>;
}

/**
 * Runs work with at most `running` tasks per key at once and `waiting` more queued behind them; beyond that it
 * refuses. One key's slow work only ever delays that key's own requests.
 */
export class KeyedGate {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly running: number,
    private readonly waiting: number,
  ) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    if (lane.running >= this.running) {
      if (lane.waiting.length >= this.waiting) throw new GateFull(this.running);
      await new Promise<void>((resolve) => lane!.waiting.push(resolve));
    } else {
      lane.running++;
    }
    try {
      return await work();
    } finally {
      const next = lane.waiting.shift();
      // The slot passes straight to the next waiter; the count only drops when nobody waits.
      if (next) next();
      else if (--lane.running === 0) this.lanes.delete(key);
    }
  }

  /** Tasks running or waiting under `key`. */
  load(key: string): number {
    const lane = this.lanes.get(key);
    return lane ? lane.running + lane.waiting.length : 0;
  }
}
