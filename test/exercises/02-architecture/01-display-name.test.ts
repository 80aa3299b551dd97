import { describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../../chapters/02-architecture/errors/app-error.js';
import { DISPLAY_NAME_MAX_CODE_POINTS, DisplayName } from '#exercise/02-architecture/01-display-name';

/** The issue a raw value is refused with, or undefined when it is accepted. */
function issueFor(raw: unknown): { rule: string | undefined; message: string | undefined } | undefined {
  try {
    DisplayName.parse(raw);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.fields[0]?.field).toBe('name');
    return { rule: error.fields[0]?.rule, message: error.fields[0]?.message };
  }
}

/** The rule a raw value breaks, or undefined when it is accepted. */
function ruleBroken(raw: unknown): string | undefined {
  return issueFor(raw)?.rule;
}

/** Parses `raw` and counts the Unicode normalisations and regular-expression runs that parse started. */
function workDoneParsing(raw: string): {
  refusal: ValidationError | undefined;
  normalisations: number;
  regexRuns: number;
} {
  // Every regex method (test, replace, split, match, search) runs RegExp.prototype.exec, so one spy sees them all.
  const normalize = vi.spyOn(String.prototype, 'normalize');
  const exec = vi.spyOn(RegExp.prototype, 'exec');
  let refusal: ValidationError | undefined;
  let counts = { normalisations: 0, regexRuns: 0 };
  try {
    DisplayName.parse(raw);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    refusal = error;
  } finally {
    counts = { normalisations: normalize.mock.calls.length, regexRuns: exec.mock.calls.length };
    normalize.mockRestore();
    exec.mockRestore();
  }
  return { refusal, ...counts };
}

const hex = (char: string): string => char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '';

describe('02.1 DisplayName value object', () => {
  it('trims and collapses inner whitespace', () => {
    expect(DisplayName.parse('  Ada \t  King\n Lovelace ').value).toBe('Ada King Lovelace');
  });

  it('treats a carriage return as whitespace, like a tab or a newline', () => {
    expect(DisplayName.parse('Ada\r\nLovelace\r').value).toBe('Ada Lovelace');
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

  it('counts the limit after NFC: 50 Hangul syllables typed as 150 separate jamo fit', () => {
    const syllable = '\u1100\u1161\u11A8'; // composes to U+AC01
    const name = DisplayName.parse(syllable.repeat(DISPLAY_NAME_MAX_CODE_POINTS));
    expect(name.value).toBe('\uAC01'.repeat(DISPLAY_NAME_MAX_CODE_POINTS));
  });

  it('accepts a raw value of 400 UTF-16 units whose name fits, and refuses 401 units whatever they hold', () => {
    expect(DisplayName.parse(`Ada${' '.repeat(397)}`).value).toBe('Ada');
    expect(ruleBroken(`Ada${' '.repeat(398)}`)).toBe('max_length');
  });

  it('refuses a 100 KB name before normalising it or running any regular expression', () => {
    const work = workDoneParsing('x'.repeat(100 * 1024));
    expect(work.refusal?.fields[0]?.rule).toBe('max_length');
    expect(work.normalisations).toBe(0);
    expect(work.regexRuns).toBe(0);
  });

  it.each([
    ['a number', 'type', 42],
    ['null', 'type', null],
    ['only whitespace', 'required', '   \n\t '],
    ['a NUL character', 'characters', 'Ada\u0000Lovelace'],
    ['a DEL character', 'characters', 'Ada\u007FLovelace'],
    ['a C1 control (CSI)', 'characters', 'Ada\u009B31mLovelace'],
    ['a right-to-left override', 'characters', 'admin\u202Egnp.exe'],
    ['a 100 KB string', 'max_length', 'x'.repeat(100 * 1024)],
  ])('rejects %s with rule %s on the name field', (_label, rule, raw) => {
    expect(ruleBroken(raw)).toBe(rule);
  });

  // U+202A..U+202E embed and override the text direction; U+2066..U+2069 isolate it. Each can disguise a name.
  it.each(
    ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'].map((c) => [hex(c), c]),
  )('refuses U+%s, not only U+202E', (_code, char) => {
    expect(ruleBroken(`Ada${char}Lovelace`)).toBe('characters');
  });

  it('says in each refusal what was wrong, and names the 50-character limit when a name is too long', () => {
    for (const raw of [42, '   ', 'Ada\u0000']) expect(issueFor(raw)?.message).toMatch(/\S/);
    expect(issueFor('x'.repeat(100 * 1024))?.message).toContain(String(DISPLAY_NAME_MAX_CODE_POINTS));
    expect(issueFor('x'.repeat(DISPLAY_NAME_MAX_CODE_POINTS + 1))?.message).toContain(
      String(DISPLAY_NAME_MAX_CODE_POINTS),
    );
  });
});
