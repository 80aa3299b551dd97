/**
 * Base class for the chapter's errors: a stable `code` for programs, a message for people.
 * Callers branch on `code` (or `instanceof`), never on message text.
 */
export abstract class PatternError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
