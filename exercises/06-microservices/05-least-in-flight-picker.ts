import type { InstancePicker } from '../../chapters/06-microservices/discovery/instance-picker.js';
import { TodoError } from '../../workbook/todo-error.js';

/**
 * A picker that follows load: the candidate with the fewest calls in progress (`context.inFlight(id)`), so a slow
 * instance gets fewer new calls than a fast one. Ties are broken in turn (round robin among the least busy), so idle
 * instances still share the work evenly.
 */
export function leastInFlightPicker(): InstancePicker {
  // TODO(06.5): return an InstancePicker whose pick(candidates, context) returns undefined for no candidates, else a
  // candidate with the fewest calls in progress. When several tie, successive picks take them in turn: three idle
  // candidates are picked a, b, c, a, b, c. Each picker has its own turn, and a call with no candidates takes none.
  throw new TodoError('06.5');
}
