// An application service the metrics handler depends on. No side effects: safe to run on its own.

/** Named counters. */
export class MetricsRegistry {
  private readonly counters = new Map<string, number>();

  increment(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }
}
