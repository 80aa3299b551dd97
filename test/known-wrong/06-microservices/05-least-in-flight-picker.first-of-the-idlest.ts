/**
 * Known wrong: always picks the first of the least busy candidates instead of taking turns among them, so idle
 * instances do not share the work: the first one gets every call until it is busier than the others.
 */
import type { InstancePicker } from '../../../chapters/06-microservices/discovery/instance-picker.js';

/**
 * A picker that follows load: the candidate with the fewest calls in progress (`context.inFlight(id)`), so a slow
 * instance gets fewer new calls than a fast one. Ties are broken in turn (round robin among the least busy), so idle
 * instances still share the work evenly.
 */
export function leastInFlightPicker(): InstancePicker {
  return {
    pick(candidates, context) {
      if (candidates.length === 0) return undefined;
      const loads = candidates.map((instance) => context.inFlight(instance.id));
      const least = Math.min(...loads);
      const idlest = candidates.filter((_instance, index) => loads[index] === least);
      return idlest[0];
    },
  };
}
