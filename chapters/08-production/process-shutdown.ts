import { GracefulShutdown, type GracefulShutdownOptions, type ShutdownSignal } from './graceful-shutdown.js';

// #region process-binding
export interface ProcessShutdownOptions extends Omit<
  GracefulShutdownOptions,
  'setExitCode' | 'forceExit' | 'now' | 'onComplete'
> {
  /**
   * If the process is still alive this long after shutdown completed, something still holds the event loop: log
   * what (`process.getActiveResourcesInfo()`) and force the exit. Default 5 s; the timer never keeps the process up.
   */
  readonly exitWatchdogMs?: number;
}

/**
 * Binds a GracefulShutdown to the real process: SIGTERM/SIGINT, `process.exitCode`, and a forced exit that
 * re-raises the signal with its default action (the process ends as "killed by SIGTERM", which is the truth).
 *
 * @example const shutdown = handleProcessShutdown({ servers: [server], onShutdownStart: () => health.markShuttingDown(), log });
 */
export function handleProcessShutdown(options: ProcessShutdownOptions = {}): GracefulShutdown {
  const signals: readonly ShutdownSignal[] = ['SIGTERM', 'SIGINT'];
  const forceExit = (signal: ShutdownSignal): void => {
    for (const name of signals) process.removeAllListeners(name);
    process.kill(process.pid, signal); // no listener left: the signal's default action ends the process
  };
  const watchdogMs = options.exitWatchdogMs ?? 5_000;
  const shutdown = new GracefulShutdown({
    ...options,
    setExitCode: (code) => {
      process.exitCode = code;
    },
    forceExit,
    onComplete: () => {
      setTimeout(() => {
        options.log?.error(
          { activeResources: process.getActiveResourcesInfo(), watchdogMs },
          'still running after shutdown: something was not closed; forcing exit',
        );
        forceExit('SIGTERM');
      }, watchdogMs).unref();
    },
  });
  shutdown.listen(process, signals);
  return shutdown;
}
// #endregion process-binding
