import { describe, expect, it } from 'vitest';
import { add } from '#exercise/00-sample/01-add';

describe('00.1 add', () => {
  it('adds two numbers', () => {
    expect(add(1, 2)).toBe(3);
  });
  it('adds negatives', () => {
    expect(add(-1, -2)).toBe(-3);
  });
});
