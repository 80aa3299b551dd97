import { TodoError } from '../../workbook/todo-error.js';
// You will need it: import { ValidationError } from '../../chapters/02-architecture/errors/app-error.js';

/** The most characters (Unicode code points, not UTF-16 units) a display name may have. */
export const DISPLAY_NAME_MAX_CODE_POINTS = 50;

/** A display name: NFC-normalised, trimmed, inner whitespace collapsed, at most 50 code points, no control characters. */
export class DisplayName {
  private constructor(readonly value: string) {}

  // TODO(02.1): validate and normalise `raw`, like Email.parse in chapters/02-architecture/domain/email.value-object.ts:
  // - not a string -> ValidationError on field 'name', rule 'type'
  // - contains a control character (\p{Cc}; tabs and newlines count as spaces) or a bidi override
  //   (U+202A..U+202E, U+2066..U+2069) -> rule 'characters'
  // - NFC-normalise, trim, collapse every run of whitespace to one space; empty -> rule 'required'
  // - more than DISPLAY_NAME_MAX_CODE_POINTS code points -> rule 'max_length' (refuse huge strings before any regex)
  static parse(_raw: unknown): DisplayName {
    throw new TodoError('02.1');
  }

  // TODO(02.1): two names are equal when their normalised values are equal.
  equals(_other: DisplayName): boolean {
    throw new TodoError('02.1');
  }
}
