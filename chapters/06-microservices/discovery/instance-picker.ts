import type { ServiceInstance } from './registry.port.js';

/** What a picker may know about the calls in progress. */
export interface PickContext {
  /** Calls to this instance currently in progress (from this client). */
  inFlight(instanceId: string): number;
}

/** Chooses one instance among the candidates the client allows (listed, not tried yet, circuit not open). */
export interface InstancePicker {
  pick(candidates: readonly ServiceInstance[], context: PickContext): ServiceInstance | undefined;
}

/**
 * Round robin over the candidates: each call starts one further along, so load spreads evenly when the
 * instances are alike. Exercise 06.5 builds a picker that follows load instead.
 */
export function roundRobinPicker(): InstancePicker {
  let next = 0;
  return {
    pick(candidates) {
      if (candidates.length === 0) return undefined;
      const chosen = candidates[next % candidates.length];
      next = (next + 1) % Number.MAX_SAFE_INTEGER;
      return chosen;
    },
  };
}
