import { afterEach, describe, expect, it, vi } from 'vitest';
import { Email } from '../../../chapters/02-architecture/domain/email.value-object.js';
import { ValidationError } from '../../../chapters/02-architecture/errors/app-error.js';

function ruleBroken(raw: unknown): string | undefined {
  try {
    Email.parse(raw);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const [issue] = (error as ValidationError).fields;
    expect(issue?.field).toBe('email');
    return issue?.rule;
  }
}

describe('Email value object', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('normalises case and surrounding spaces, so variants are equal', () => {
    const a = Email.parse('  Ada.Lovelace@Example.COM ');
    expect(a.value).toBe('ada.lovelace@example.com');
    expect(a.equals(Email.parse('ada.lovelace@example.com'))).toBe(true);
  });

  it.each([
    'ada@example.com',
    'first.last+tag@mail.example.co.uk',
    "o'neil@x-y.example",
    `${'a'.repeat(64)}@example.com`,
  ])('accepts %s', (address) => {
    expect(ruleBroken(address)).toBeUndefined();
  });

  it.each([
    ['', 'required'],
    ['no-at-sign.example.com', 'format'],
    ['two@@example.com', 'format'],
    ['a@b@example.com', 'format'],
    ['.dot@example.com', 'format'],
    ['double..dot@example.com', 'format'],
    ['ada@localhost', 'format'],
    ['ada@-bad.example', 'format'],
    ['ada@exa mple.com', 'format'],
    [`${'a'.repeat(65)}@example.com`, 'local_length'],
    [`ada@${'a'.repeat(64)}.com`, 'format'],
    [42, 'type'],
  ])('rejects %j, naming the rule %s', (raw, rule) => {
    expect(ruleBroken(raw)).toBe(rule);
  });

  it('rejects an address longer than 254 characters as max_length', () => {
    const address = `${'a'.repeat(60)}@${Array.from({ length: 5 }, () => 'b'.repeat(60)).join('.')}.com`;
    expect(address.length).toBeGreaterThan(254);
    expect(ruleBroken(address)).toBe('max_length');
  });

  it('rejects a 100 KB string on length before any regular expression runs', () => {
    const huge = `${'a'.repeat(100 * 1024)}@example.com`;
    const test = vi.spyOn(RegExp.prototype, 'test');
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    let caught: unknown;
    try {
      Email.parse(huge);
    } catch (error) {
      caught = error;
    }
    // Count before asserting: expect() itself may use regular expressions.
    const patternCalls = test.mock.calls.length + exec.mock.calls.length;
    vi.restoreAllMocks();
    expect(patternCalls).toBe(0);
    expect(caught).toMatchObject({ fields: [{ field: 'email', rule: 'max_length' }] });
  });

  it('handles the input that makes nested-quantifier patterns backtrack, with single-pass patterns', () => {
    // Inputs like this take seconds against patterns such as /^([a-z0-9]+\.?)+@/ ; here each pattern is one class.
    expect(ruleBroken(`${'a.'.repeat(31)}a@${'a'.repeat(60)}!`)).toBe('format');
  });
});
