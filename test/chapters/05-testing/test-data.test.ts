import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestData } from '../../../chapters/05-testing/harness/test-data.js';

describe('test-data factory', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes 1,000 distinct emails in a tight loop, even with the clock frozen', () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') }); // Date.now() returns one value for the whole loop
    const data = createTestData();
    const emails = Array.from({ length: 1000 }, () => data.user().email);
    expect(new Set(emails).size).toBe(1000);
  });

  it('gives two factories made in the same millisecond (two parallel files) different values', () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const a = createTestData();
    const b = createTestData();
    expect(a.runTag).not.toBe(b.runTag);
    expect(a.user().email).not.toBe(b.user().email);
  });

  it('shows why Date.now() emails collide: 1,000 calls in one millisecond give one address', () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const guideStyle = (): string => `test-${Date.now()}@example.com`;
    expect(new Set(Array.from({ length: 1000 }, guideStyle)).size).toBe(1);
  });

  it('lets overrides replace any field and uses the reserved example.test domain', () => {
    const data = createTestData('fixed');
    const user = data.user({ name: 'Ada' });
    expect(user).toEqual({ name: 'Ada', email: 'user-fixed-1@example.test', password: 'pw-fixed-1-correct-horse' });
  });
});
