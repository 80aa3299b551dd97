import { ValidationError } from '../../chapters/02-architecture/errors/app-error.js';

/** The most characters (Unicode code points, not UTF-16 units) a display name may have. */
export const DISPLAY_NAME_MAX_CODE_POINTS = 50;

// Control characters and the bidirectional overrides that can make a name display as something else.
const FORBIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

function invalid(rule: string, message: string): ValidationError {
  return ValidationError.forField('name', rule, message);
}

/** A display name: NFC-normalised, trimmed, inner whitespace collapsed, at most 50 code points, no control characters. */
export class DisplayName {
  private constructor(readonly value: string) {}

  static parse(raw: unknown): DisplayName {
    if (typeof raw !== 'string') throw invalid('type', 'name must be a string');
    // A code point is at most 2 UTF-16 units; anything longer than this cannot fit, so refuse it before any work.
    if (raw.length > DISPLAY_NAME_MAX_CODE_POINTS * 8) {
      throw invalid('max_length', `name must be at most ${DISPLAY_NAME_MAX_CODE_POINTS} characters`);
    }
    if (FORBIDDEN.test(raw.replace(/[\t\n\r]/g, ' '))) {
      throw invalid('characters', 'name must not contain control or text-direction characters');
    }
    const value = raw.normalize('NFC').trim().split(/\s+/).filter(Boolean).join(' ');
    if (value.length === 0) throw invalid('required', 'name must not be empty');
    if ([...value].length > DISPLAY_NAME_MAX_CODE_POINTS) {
      throw invalid('max_length', `name must be at most ${DISPLAY_NAME_MAX_CODE_POINTS} characters`);
    }
    return new DisplayName(value);
  }

  equals(other: DisplayName): boolean {
    return this.value === other.value;
  }
}
