import { describe, expect, it } from 'vitest';
import { examinedPerReturned } from '#exercise/07-database/07-examined-per-returned';

describe('07.7 work examined per document returned', () => {
  it('is 1 for an index scan that reads exactly what it returns', () => {
    expect(examinedPerReturned({ nReturned: 51, totalKeysExamined: 51, totalDocsExamined: 51 })).toBe(1);
  });

  it('is the collection size over the matches for a collection scan', () => {
    expect(examinedPerReturned({ nReturned: 4, totalKeysExamined: 0, totalDocsExamined: 10_000 })).toBe(2_500);
  });

  it('counts index keys when they outnumber the documents fetched', () => {
    expect(examinedPerReturned({ nReturned: 100, totalKeysExamined: 100_000, totalDocsExamined: 100 })).toBe(1_000);
    expect(examinedPerReturned({ nReturned: 3, totalKeysExamined: 4, totalDocsExamined: 3 })).toBeCloseTo(4 / 3, 10);
  });

  it('is 0 when nothing was examined, and Infinity when everything examined was wasted', () => {
    expect(examinedPerReturned({ nReturned: 0, totalKeysExamined: 0, totalDocsExamined: 0 })).toBe(0);
    expect(examinedPerReturned({ nReturned: 0, totalKeysExamined: 0, totalDocsExamined: 20_000 })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(examinedPerReturned({ nReturned: 0, totalKeysExamined: 7, totalDocsExamined: 0 })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('rejects a negative, fractional or non-finite count, naming the field', () => {
    expect(() => examinedPerReturned({ nReturned: -1, totalKeysExamined: 5, totalDocsExamined: 5 })).toThrow(
      RangeError,
    );
    expect(() => examinedPerReturned({ nReturned: -1, totalKeysExamined: 5, totalDocsExamined: 5 })).toThrow(
      /nReturned/,
    );
    expect(() => examinedPerReturned({ nReturned: 1, totalKeysExamined: 2.5, totalDocsExamined: 5 })).toThrow(
      /totalKeysExamined/,
    );
    expect(() => examinedPerReturned({ nReturned: 1, totalKeysExamined: 5, totalDocsExamined: Number.NaN })).toThrow(
      /totalDocsExamined/,
    );
    expect(() => examinedPerReturned({ nReturned: 1, totalKeysExamined: 5, totalDocsExamined: -3 })).toThrow(
      /totalDocsExamined/,
    );
    expect(() =>
      examinedPerReturned({ nReturned: 1, totalKeysExamined: Number.POSITIVE_INFINITY, totalDocsExamined: 5 }),
    ).toThrow(/totalKeysExamined/);
  });

  it('rejects more documents returned than examined, and accepts exactly as many', () => {
    expect(() => examinedPerReturned({ nReturned: 6, totalKeysExamined: 5, totalDocsExamined: 2 })).toThrow(
      /nReturned/,
    );
    expect(() => examinedPerReturned({ nReturned: 6, totalKeysExamined: 2, totalDocsExamined: 5 })).toThrow(RangeError);
    expect(examinedPerReturned({ nReturned: 5, totalKeysExamined: 5, totalDocsExamined: 2 })).toBe(1);
  });
});
