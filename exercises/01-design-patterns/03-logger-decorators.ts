import type { LogFields, Logger, LogLevel } from '../../chapters/01-design-patterns/logger.js';
import { TodoError } from '../../workbook/todo-error.js';

/** A logger that forwards only records at `minLevel` or above to `inner`, and closes `inner` when closed. */
export function withMinLevel(_inner: Logger, _minLevel: LogLevel): Logger {
  // TODO(01.3): return a Logger that passes a record on to `inner`, unchanged, only when its level is minLevel or
  // more severe (debug < info < warn < error); close() closes inner. An unknown minLevel is a RangeError when
  // withMinLevel is called, whose message ends with "use one of debug, info, warn, error".
  throw new TodoError('01.3');
}

/** A logger that adds `bound` fields to every record; fields given at the call win over bound ones. */
export function withFields(_inner: Logger, _bound: LogFields): Logger {
  // TODO(01.3): return a Logger that merges `bound` with the call's fields (the call's fields win); close() closes inner.
  throw new TodoError('01.3');
}
