/**
 * Known wrong: refuses only the right-to-left override U+202E. The other bidirectional controls (U+202A..U+202D
 * embeddings and overrides, U+2066..U+2069 isolates) get through, and each of them can make a name display as
 * something else just as well.
 */
import { ValidationError } from '../../../chapters/02-architecture/errors/app-error.js';

export const DISPLAY_NAME_MAX_CODE_POINTS = 50;

const FORBIDDEN = /[\p{Cc}\u202E]/u;

function invalid(rule: string, message: string): ValidationError {
  return ValidationError.forField('name', rule, message);
}

export class DisplayName {
  private constructor(readonly value: string) {}

  static parse(raw: unknown): DisplayName {
    if (typeof raw !== 'string') throw invalid('type', 'name must be a string');
    if (raw.length > DISPLAY_NAME_MAX_CODE_POINTS * 8) {
      throw invalid('max_length', `name must be at most ${DISPLAY_NAME_MAX_CODE_POINTS} characters`);
    }
    if (FORBIDDEN.test(raw.replace(/[\t\n\r]/g, ' '))) {
      throw invalid('characters', 'name must not contain control or text-direction characters');
    }
    const value = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
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
