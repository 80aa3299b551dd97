import type { Chapter } from './types.js';

export const performanceChapter: Chapter = {
  number: '04',
  slug: '04-performance',
  title: 'Performance: memory, caching and worker threads',
  page: 'chapters/04-performance',
  exercises: [
    {
      id: '04.1',
      title: 'Codec tags for BigInt and Map',
      stub: 'exercises/04-performance/01-codec-tags.ts',
      test: 'test/exercises/04-performance/01-codec-tags.test.ts',
      hints: [
        'Read `dateTag` in chapters/04-performance/value-codec.ts: a tag says which values it takes (`matches`), how to turn one into something the codec already carries (`encode`), and how to rebuild it (`decode`).',
        'A BigInt is exact as a decimal string: `value.toString()` one way, `BigInt(text)` the other. `typeof value === "bigint"` recognises one.',
        'For a Map, `encode` can return `[...map.entries()]`: an array of [key, value] pairs the codec then encodes item by item, so Dates and BigInts inside work. `decode` receives that array already decoded: `new Map(pairs)`.',
        '`matches: (value): value is Map<unknown, unknown> => value instanceof Map`.',
      ],
      services: [],
    },
    {
      id: '04.2',
      title: 'A single flight whose callers can stop waiting',
      stub: 'exercises/04-performance/02-abortable-single-flight.ts',
      test: 'test/exercises/04-performance/02-abortable-single-flight.test.ts',
      hints: [
        'Start from chapters/04-performance/single-flight.ts: one shared promise per key. What is new is a count of who still waits for it.',
        'Keep per key { promise, controller: new AbortController(), waiters }. Give `load` the controller.signal. Each caller gets its own promise that settles with the shared one, or rejects with its own signal.reason when that aborts.',
        'On a caller\'s abort: waiters -= 1; at 0, delete the key and `controller.abort(reason)`. Check `signal.aborted` before starting anything; remove your abort listener once the shared promise settles.',
        'A shared promise nobody awaits any more may still reject: attach `.catch(() => {})` to it once so that is not an unhandled rejection (each caller still gets the error through its own promise).',
      ],
      services: [],
    },
    {
      id: '04.3',
      title: 'A leak rule that fits a line',
      stub: 'exercises/04-performance/03-slope-leak-rule.ts',
      test: 'test/exercises/04-performance/03-slope-leak-rule.test.ts',
      hints: [
        'A LeakRule is a function from the window of post-GC samples to a verdict or undefined. Compare `floorRisesRule` in chapters/04-performance/leak-detector.ts.',
        'Least squares: with means t̄ and h̄, slope b = Σ(t-t̄)(h-h̄) / Σ(t-t̄)². R² = (Σ(t-t̄)(h-h̄))² / (Σ(t-t̄)² · Σ(h-h̄)²).',
        'Both denominators can be 0 (every sample at one instant, or a flat heap): return undefined before dividing, so no NaN escapes.',
        'The verdict: bytesPerMinute = b * 60_000; windowMs = last.at - first.at; growthBytes = Math.round(b * windowMs); samples = the window length.',
      ],
      services: [],
    },
    {
      id: '04.4',
      title: 'An in-process cache behind the cache port',
      stub: 'exercises/04-performance/04-memory-cache.ts',
      test: 'test/exercises/04-performance/04-memory-cache.test.ts',
      hints: [
        'The port is in chapters/04-performance/cache-port.ts; `TwoLevelCache` is one implementation. Yours keeps entries in an `LRUCache` from lru-cache with `max`, which evicts instead of throwing.',
        'Store { value, expiresAt, tags } per key and compare expiresAt with `now()` on read (your own clock makes the TTL testable). Put the value through `codec.decode(codec.encode(value))` and freeze the copy: that refuses functions and keeps callers from changing what others read.',
        'Use the chapter `SingleFlight` in getOrSet, `LevelCounter` for the counts and `hitRate` semantics (0 before any lookup).',
        'A Map from tag to a Set of keys answers invalidateTag. lru-cache\'s `dispose(entry, key)` option runs on eviction and delete, which is where to take the key out of its tags.',
      ],
      services: [],
      capstonePort: 'cache',
    },
  ],
};
