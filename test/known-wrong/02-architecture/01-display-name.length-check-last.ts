/**
 * Known wrong: normalises and runs its regexes over the whole input before it looks at the length, so a 100 KB
 * name costs a full NFC pass and a regex scan before it is refused. The length rule is right; its place is not.
 */
import { ValidationError } from '../../../chapters/02-architecture/errors/app-error.js';

export const DISPLAY_NAME_MAX_CODE_POINTS = 50;

const FORBIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

function invalid(rule: string, message: string): ValidationError {
  return ValidationError.forField('name', rule, message);
}

export class DisplayName {
  private constructor(readonly value: string) {}

  static parse(raw: unknown): DisplayName {
    if (typeof raw !== 'string') throw invalid('type', 'name must be a string');
    const value = raw.normalize('NFC').replace(/[\t\n\r]/g, ' ').trim().replace(/\s+/g, ' ');
    if (FORBIDDEN.test(value)) {
      throw invalid('characters', 'name must not contain control or text-direction characters');
    }
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
