import type { LevelStats } from './cache-port.js';

/** hits / (hits + misses), and 0 (not NaN) before the first lookup. */
export function hitRate(hits: number, misses: number): number {
  const lookups = hits + misses;
  return lookups === 0 ? 0 : hits / lookups;
}

/** Hit and miss counts of one cache level. */
export class LevelCounter {
  hits = 0;
  misses = 0;

  snapshot(): LevelStats {
    return { hits: this.hits, misses: this.misses, hitRate: hitRate(this.hits, this.misses) };
  }
}

/** `0.0%` for a fresh cache, `87.5%` later: for logs and the demo. */
export function formatHitRate(stats: LevelStats): string {
  return `${(stats.hitRate * 100).toFixed(1)}%`;
}
