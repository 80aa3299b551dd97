import { ValidationError } from '../errors/app-error.js';

/** RFC 5321 section 4.5.3.1: a path holds at most 256 octets including `<` and `>`, so an address at most 254. */
export const EMAIL_MAX_LENGTH = 254;
/** RFC 5321 section 4.5.3.1.1: the local part (before `@`) is at most 64 octets. */
export const EMAIL_LOCAL_MAX_LENGTH = 64;
/** RFC 1035: one domain label is at most 63 octets. */
const LABEL_MAX_LENGTH = 63;

// Each pattern is one character class with one quantifier, anchored: no nesting, no alternation, so the engine does
// one pass over the input and cannot backtrack. Structure (dots, hyphens, labels) is checked with plain string code.
const LOCAL_CHARS = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const LABEL_CHARS = /^[a-z0-9-]+$/;

function invalid(rule: string, message: string): ValidationError {
  return ValidationError.forField('email', rule, message);
}

// #region email
/**
 * An email address, normalised (trimmed, lower-cased) wherever it is created, so `Ada@Example.com` and
 * `ada@example.com ` are the same value and cannot be stored twice.
 *
 * @example
 * Email.parse(' Ada@Example.COM ').value; // 'ada@example.com'
 */
export class Email {
  private constructor(readonly value: string) {}

  /** Validates and normalises; throws `ValidationError` naming the `email` field and the rule broken. */
  static parse(raw: unknown): Email {
    if (typeof raw !== 'string') throw invalid('type', 'email must be a string');
    // Lengths first: a 100 KB string is refused here, before any pattern sees it.
    if (raw.length > EMAIL_MAX_LENGTH * 2) {
      throw invalid('max_length', `email must be at most ${EMAIL_MAX_LENGTH} characters`);
    }
    const value = raw.trim().toLowerCase();
    if (value.length === 0) throw invalid('required', 'email must not be empty');
    if (value.length > EMAIL_MAX_LENGTH) {
      throw invalid('max_length', `email must be at most ${EMAIL_MAX_LENGTH} characters`);
    }
    const at = value.indexOf('@');
    if (at === -1 || at !== value.lastIndexOf('@')) {
      throw invalid('format', 'email must contain exactly one @');
    }
    const local = value.slice(0, at);
    const domain = value.slice(at + 1);
    if (local.length === 0 || local.length > EMAIL_LOCAL_MAX_LENGTH) {
      throw invalid('local_length', `the part before @ must be 1 to ${EMAIL_LOCAL_MAX_LENGTH} characters`);
    }
    if (!LOCAL_CHARS.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
      throw invalid(
        'format',
        "the part before @ may use letters, digits and !#$%&'*+/=?^_`{|}~.- with no leading, trailing or double dot",
      );
    }
    const labels = domain.split('.');
    if (labels.length < 2) throw invalid('format', 'the domain must have at least two labels, like example.com');
    for (const label of labels) {
      if (
        label.length === 0 ||
        label.length > LABEL_MAX_LENGTH ||
        !LABEL_CHARS.test(label) ||
        label.startsWith('-') ||
        label.endsWith('-')
      ) {
        throw invalid('format', 'each domain label must be 1 to 63 letters, digits or inner hyphens');
      }
    }
    return new Email(value);
  }

  /**
   * Rebuilds an address read from storage, without today's input rules: it was checked by the rules of its day, and
   * tightening a rule must not make stored users unreadable (migrate the data if old values must go).
   */
  static restore(stored: string): Email {
    return new Email(stored);
  }

  equals(other: Email): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
// #endregion email
