import { TodoError } from '../../workbook/todo-error.js';
// You will need it: import { ValidationError } from '../../chapters/02-architecture/errors/app-error.js';

/** The most characters (Unicode code points, not UTF-16 units) a display name may have. */
export const DISPLAY_NAME_MAX_CODE_POINTS = 50;

/** A display name: NFC-normalised, trimmed, inner whitespace collapsed, at most 50 code points, no control characters. */
export class DisplayName {
  private constructor(readonly value: string) {}

  // TODO(02.1): validate and normalise `raw` into a DisplayName, or throw ValidationError.forField('name', rule, message)
  // with a message that says what is allowed. The rules, by the `rule` each one reports:
  // - 'type': `raw` is not a string.
  // - 'max_length': `raw` is longer than 400 UTF-16 units. Refuse it before any normalisation or regular expression
  //   runs: a 100 KB name must cost next to nothing.
  // - 'characters': `raw` contains a control character (Unicode category Cc; tab, newline and carriage return are
  //   whitespace, not controls) or a bidirectional control: U+202A..U+202E or U+2066..U+2069.
  // - The value is `raw` in Unicode NFC, trimmed, with every run of whitespace collapsed to one space.
  // - 'required': that value is empty.
  // - 'max_length': that value has more than DISPLAY_NAME_MAX_CODE_POINTS code points (an emoji is one, not two).
  static parse(_raw: unknown): DisplayName {
    throw new TodoError('02.1');
  }

  // TODO(02.1): two names are equal when their normalised values are equal.
  equals(_other: DisplayName): boolean {
    throw new TodoError('02.1');
  }
}
