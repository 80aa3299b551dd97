/**
 * Base class for Chapter 4's errors: a stable `code` for programs, a message for people.
 * Callers branch on `code` (or `instanceof`), never on message text.
 */
export abstract class PerformanceError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
