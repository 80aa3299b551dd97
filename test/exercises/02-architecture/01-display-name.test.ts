import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../chapters/02-architecture/errors/app-error.js';
import { DISPLAY_NAME_MAX_CODE_POINTS, DisplayName } from '#exercise/02-architecture/01-display-name';

/** The rule a raw value breaks, or undefined when it is accepted. */
function ruleBroken(raw: unknown): string | undefined {
  try {
    DisplayName.parse(raw);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.fields[0]?.field).toBe('name');
    return error.fields[0]?.rule;
  }
}

describe('02.1 DisplayName value object', () => {
  it('trims and collapses inner whitespace', () => {
    expect(DisplayName.parse('  Ada \t  King\n Lovelace ').value).toBe('Ada King Lovelace');
  });

  it('normalises to NFC, so a decomposed é equals a precomposed one', () => {
    const decomposed = DisplayName.parse('Rene\u0301');
    const precomposed = DisplayName.parse('Ren\u00e9');
    expect(decomposed.value).toBe('Ren\u00e9');
    expect(decomposed.equals(precomposed)).toBe(true);
    expect(precomposed.equals(DisplayName.parse('Rene'))).toBe(false);
  });

  it('counts code points, not UTF-16 units: 50 emoji fit, 51 do not', () => {
    const emoji = '\u{1F600}';
    expect(DisplayName.parse(emoji.repeat(DISPLAY_NAME_MAX_CODE_POINTS)).value).toHaveLength(100);
    expect(ruleBroken(emoji.repeat(DISPLAY_NAME_MAX_CODE_POINTS + 1))).toBe('max_length');
  });

  it.each([
    ['a number', 'type', 42],
    ['null', 'type', null],
    ['only whitespace', 'required', '   \n\t '],
    ['a NUL character', 'characters', 'Ada\u0000Lovelace'],
    ['a right-to-left override', 'characters', 'admin\u202Egnp.exe'],
    ['a 100 KB string', 'max_length', 'x'.repeat(100 * 1024)],
  ])('rejects %s with rule %s on the name field', (_label, rule, raw) => {
    expect(ruleBroken(raw)).toBe(rule);
  });
});
