import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRetryingFetch } from '#subject/05-testing/09-retrying-fetch-tests';

type Answer = number | Response | Error;

/** A fake fetch that gives the scripted answers in order (a status, a whole Response, or a network error) and records its calls. */
function scriptedFetch(...answers: Answer[]) {
  return vi.fn(async (_url: string, _init?: RequestInit): Promise<Response> => {
    const answer = answers.shift();
    if (answer === undefined) throw new Error('the test scripted no more answers');
    if (answer instanceof Error) throw answer;
    return typeof answer === 'number' ? new Response(`status ${answer}`, { status: answer }) : answer;
  });
}

/** Tracks whether a promise has settled, so a test can check "not yet" without awaiting it forever. */
function track<T>(promise: Promise<T>): { readonly settled: () => boolean; readonly promise: Promise<T> } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled, promise };
}

/** Runs every pending timer (the backoff waits included) and then returns the call's result. */
async function finish<T>(promise: Promise<T>): Promise<T> {
  const call = track(promise);
  await vi.runAllTimersAsync();
  return call.promise;
}

describe('05.9 a fetch that retries with backoff', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns a successful response after one call, passing the url and init through', async () => {
    const fetch = scriptedFetch(200);
    const init = { headers: { accept: 'application/json' } };
    const response = await finish(createRetryingFetch({ fetch })('https://api.test/users/1', init));
    expect(response.status).toBe(200);
    expect(fetch.mock.calls).toEqual([['https://api.test/users/1', init]]);
  });

  it('returns any status other than 429, 502, 503 and 504 at once, 500 and 404 included', async () => {
    for (const status of [500, 404, 400]) {
      const fetch = scriptedFetch(status);
      const response = await finish(createRetryingFetch({ fetch })('https://api.test/x'));
      expect(response.status).toBe(status);
      expect(fetch).toHaveBeenCalledTimes(1);
    }
  });

  it('calls again after 429, 502, 503 or 504 and returns the first answer that is not one of them', async () => {
    const fetch = scriptedFetch(503, 429, 502, 504, 201);
    const response = await finish(createRetryingFetch({ fetch, attempts: 5 })('https://api.test/x'));
    expect(response.status).toBe(201);
    expect(fetch).toHaveBeenCalledTimes(5);
    expect(fetch.mock.calls.every(([url]) => url === 'https://api.test/x')).toBe(true);
  });

  it('waits 100 ms after the first failure and 200 ms after the second, not a millisecond less', async () => {
    const fetch = scriptedFetch(503, 503, 200);
    const call = track(createRetryingFetch({ fetch })('https://api.test/x'));
    await vi.advanceTimersByTimeAsync(99);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(call.settled()).toBe(true);
  });

  it('never waits longer than maxDelayMs, however far the backoff doubles', async () => {
    const fetch = scriptedFetch(503, 503, 503, 200);
    const call = track(
      createRetryingFetch({ fetch, attempts: 4, baseDelayMs: 1_000, maxDelayMs: 1_500 })('https://api.test/x'),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(fetch).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(fetch).toHaveBeenCalledTimes(4);
    expect((await call.promise).status).toBe(200);
  });

  it('waits as long as Retry-After asks in whole seconds, still at most maxDelayMs, and ignores other forms', async () => {
    const later = (value: string): Response => new Response(null, { status: 429, headers: { 'Retry-After': value } });
    const fetch = scriptedFetch(later('1'), later('60'), later('Wed, 21 Oct 2037 07:28:00 GMT'), 200);
    track(createRetryingFetch({ fetch, attempts: 4, maxDelayMs: 5_000 })('https://api.test/x'));
    await vi.advanceTimersByTimeAsync(999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fetch).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(400);
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('returns the last failed response once the attempts are used up, without waiting again', async () => {
    const fetch = scriptedFetch(503, 504, 200);
    const call = track(createRetryingFetch({ fetch, attempts: 2 })('https://api.test/x'));
    await vi.advanceTimersByTimeAsync(100);
    expect(call.settled()).toBe(true);
    expect((await call.promise).status).toBe(504);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retries a network error and rejects with the last one when every call fails', async () => {
    const fetch = scriptedFetch(
      new TypeError('fetch failed: 1'),
      new TypeError('fetch failed: 2'),
      new TypeError('fetch failed: 3'),
      200,
    );
    const call = track(createRetryingFetch({ fetch })('https://api.test/x'));
    const rejected = expect(call.promise).rejects.toThrow('fetch failed: 3');
    await vi.advanceTimersByTimeAsync(300);
    await rejected;
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('calls a POST or a PATCH once, whatever it gets back, in any case of the method name', async () => {
    for (const method of ['POST', 'patch']) {
      const fetch = scriptedFetch(503, 200);
      const response = await finish(createRetryingFetch({ fetch })('https://api.test/orders', { method }));
      expect(response.status).toBe(503);
      expect(fetch).toHaveBeenCalledTimes(1);
    }
    const failing = scriptedFetch(new TypeError('fetch failed'), 200);
    await expect(
      finish(createRetryingFetch({ fetch: failing })('https://api.test/orders', { method: 'post' })),
    ).rejects.toThrow('fetch failed');
    expect(failing).toHaveBeenCalledTimes(1);
  });

  it('retries a PUT and a DELETE like a GET', async () => {
    for (const method of ['PUT', 'delete']) {
      const fetch = scriptedFetch(503, 200);
      const response = await finish(createRetryingFetch({ fetch })('https://api.test/orders/1', { method }));
      expect(response.status).toBe(200);
      expect(fetch).toHaveBeenCalledTimes(2);
    }
  });

  it('makes exactly one call with attempts 1, and refuses attempts that are not a whole number >= 1', async () => {
    const fetch = scriptedFetch(503, 200);
    expect((await finish(createRetryingFetch({ fetch, attempts: 1 })('https://api.test/x'))).status).toBe(503);
    expect(fetch).toHaveBeenCalledTimes(1);
    for (const attempts of [0, -1, 1.5, Number.NaN]) {
      expect(() => createRetryingFetch({ fetch, attempts })).toThrow(RangeError);
    }
  });
});
