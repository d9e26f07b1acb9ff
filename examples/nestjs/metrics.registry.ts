// An application service the metrics hooks depend on: named counters, one registry per app.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { Injectable } from '@nestjs/common';

@Injectable()
export class MetricsRegistry {
  private readonly counters = new Map<string, number>();

  increment(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }
}
