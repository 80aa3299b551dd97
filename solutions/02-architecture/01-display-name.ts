import { ValidationError } from '../../chapters/02-architecture/errors/app-error.js';

/** The most characters (Unicode code points, not UTF-16 units) a display name may have. */
export const DISPLAY_NAME_MAX_CODE_POINTS = 50;

// Whitespace that collapses and combining marks that NFC composes let a valid name's raw form be several times longer
// than its 50 code points; 8 UTF-16 units per code point is generous. Anything longer cannot be a name.
const MAX_RAW_LENGTH = DISPLAY_NAME_MAX_CODE_POINTS * 8;

// Control characters (tab, newline and carriage return are whitespace here, not controls) and the bidirectional
// embeddings, overrides and isolates that can make a name display as something else.
const FORBIDDEN = /(?![\t\n\r])[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

function invalid(rule: string, message: string): ValidationError {
  return ValidationError.forField('name', rule, message);
}

function tooLong(): ValidationError {
  return invalid('max_length', `name must be at most ${DISPLAY_NAME_MAX_CODE_POINTS} characters`);
}

/** A display name: NFC-normalised, trimmed, inner whitespace collapsed, at most 50 code points, no control characters. */
export class DisplayName {
  private constructor(readonly value: string) {}

  static parse(raw: unknown): DisplayName {
    if (typeof raw !== 'string') throw invalid('type', 'name must be a string');
    // Refuse a huge input before any work: NFC and a regex over 100 KB cost time an attacker chooses.
    if (raw.length > MAX_RAW_LENGTH) throw tooLong();
    if (FORBIDDEN.test(raw)) throw invalid('characters', 'name must not contain control or text-direction characters');
    const value = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (value.length === 0) throw invalid('required', 'name must not be empty');
    if ([...value].length > DISPLAY_NAME_MAX_CODE_POINTS) throw tooLong();
    return new DisplayName(value);
  }

  equals(other: DisplayName): boolean {
    return this.value === other.value;
  }
}
