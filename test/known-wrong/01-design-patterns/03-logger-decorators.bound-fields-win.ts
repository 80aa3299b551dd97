/**
 * Known wrong: spreads the bound fields after the call's fields, so a bound requestId overwrites the one the caller
 * passed. The call site knows more than the wiring: its fields must win.
 */
import { LOG_LEVELS, levelRank } from '../../../chapters/01-design-patterns/logger.js';
import type { LogFields, Logger, LogLevel } from '../../../chapters/01-design-patterns/logger.js';

/** A logger that forwards only records at `minLevel` or above to `inner`, and closes `inner` when closed. */
export function withMinLevel(inner: Logger, minLevel: LogLevel): Logger {
  const min = levelRank(minLevel);
  // Fail at wiring time: a typo in LOG_LEVEL=verbose must not silently drop every record.
  if (min === -1) throw new RangeError(`unknown log level "${String(minLevel)}": use one of ${LOG_LEVELS.join(', ')}`);
  return {
    log(level, msg, fields) {
      if (levelRank(level) >= min) inner.log(level, msg, fields);
    },
    close: () => inner.close(),
  };
}

/** A logger that adds `bound` fields to every record; fields given at the call win over bound ones. */
export function withFields(inner: Logger, bound: LogFields): Logger {
  return {
    log(level, msg, fields) {
      inner.log(level, msg, { ...fields, ...bound });
    },
    close: () => inner.close(),
  };
}
