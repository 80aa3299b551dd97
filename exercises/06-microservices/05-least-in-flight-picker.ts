import type { InstancePicker } from '../../chapters/06-microservices/discovery/instance-picker.js';
import { TodoError } from '../../workbook/todo-error.js';

/**
 * A picker that follows load: the candidate with the fewest calls in progress (`context.inFlight(id)`), so a slow
 * instance gets fewer new calls than a fast one. Ties are broken in turn (round robin among the least busy), so idle
 * instances still share the work evenly.
 */
export function leastInFlightPicker(): InstancePicker {
  // TODO(06.5): return { pick(candidates, context) { ... } }: undefined for no candidates; otherwise the least
  // busy candidate, rotating among those that tie.
  throw new TodoError('06.5');
}
