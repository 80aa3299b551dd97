import { describe, expect, it } from 'vitest';
import { CoalescedInvalidation } from '../../../capstone/worker/coalesced-invalidation.js';

describe('coalesced invalidation', () => {
  it('sends each tag once for every call made within one window, and resolves them all after it', async () => {
    const sent: string[] = [];
    const coalesced = new CoalescedInvalidation(async (tag) => {
      sent.push(tag);
    }, 5);
    const calls = [
      coalesced.invalidate(['lists', 'product:p1']),
      coalesced.invalidate(['lists', 'product:p2']),
      coalesced.invalidate(['lists', 'product:p1']),
    ];
    expect(sent).toEqual([]);
    await Promise.all(calls);
    expect(sent.sort()).toEqual(['lists', 'product:p1', 'product:p2']);
  });

  it('starts a new window for a call made once a flush began, so its tags are sent again after its change', async () => {
    const sent: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let flushes = 0;
    const coalesced = new CoalescedInvalidation(async (tag) => {
      sent.push(tag);
      if ((flushes += 1) === 1) await firstHeld; // the first flush is still talking to Redis
    }, 1);
    const first = coalesced.invalidate(['lists']);
    await expect.poll(() => sent).toEqual(['lists']);
    const second = coalesced.invalidate(['lists']);
    await second; // resolves on its own flush, not on the first one's
    expect(sent).toEqual(['lists', 'lists']);
    releaseFirst();
    await first;
  });

  it('rejects every caller of a window whose invalidation failed', async () => {
    const coalesced = new CoalescedInvalidation(() => Promise.reject(new Error('redis is down')), 1);
    const calls = [coalesced.invalidate(['a']), coalesced.invalidate(['b'])];
    for (const call of calls) await expect(call).rejects.toThrow('redis is down');
  });
});
