import { fileLoggerKind } from './file-logger.js';
import { LoggerFactory } from './logger-factory.js';
import { memoryLoggerKind } from './memory-logger.js';
import { consoleLoggerKind } from './stream-logger.js';

export type DefaultLoggerFactory = LoggerFactory<{
  console: typeof consoleLoggerKind;
  file: typeof fileLoggerKind;
  memory: typeof memoryLoggerKind;
}>;

// #region composition
/** The composition root for loggers: the one place that lists the kinds this application ships with. */
export function createLoggerFactory(): DefaultLoggerFactory {
  return new LoggerFactory()
    .register('console', consoleLoggerKind)
    .register('file', fileLoggerKind)
    .register('memory', memoryLoggerKind);
}
// #endregion composition
