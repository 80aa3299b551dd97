import { TodoError } from '../../workbook/todo-error.js';

/** What closing every resource gave: the names that closed, and those that failed with their error's message. */
export interface CloseReport {
  readonly closed: readonly string[];
  readonly failures: readonly { readonly resource: string; readonly error: string }[];
}

/**
 * The resources a service opened (database client, broker connection, consumer...), closed at shutdown. What was
 * opened last may depend on what was opened first: the consumer needs the broker connection while it stops.
 *
 * - `register(name, close)` adds a resource. Registering once `closeAll()` has been called throws an Error whose
 *   message contains the resource's name.
 * - `closeAll()` closes every registered resource, the last registered first, one at a time: a resource's close
 *   starts only after the previous one has finished (resolved, rejected or thrown).
 * - A close that throws or rejects does not stop the others. The report lists it under `failures` with the
 *   resource's name and the error's message (an `Error`'s `message`, any other value turned into a string);
 *   `closed` lists the resources that closed without error, in the order they closed.
 * - `closeAll()` never rejects. Calling it again returns the same report and closes nothing a second time.
 */
export class ResourceStack {
  register(_name: string, _close: () => Promise<void> | void): void {
    // TODO(08.8): remember the resource (or refuse it once closing has begun).
    throw new TodoError('08.8');
  }

  closeAll(): Promise<CloseReport> {
    // TODO(08.8): close everything as described above.
    throw new TodoError('08.8');
  }
}
