import type { Chapter } from './types.js';

const dir = '01-design-patterns';
const stub = (file: string): string => `exercises/${dir}/${file}.ts`;
const test = (file: string): string => `test/exercises/${dir}/${file}.test.ts`;

export const designPatternsChapter: Chapter = {
  number: '01',
  slug: '01-design-patterns',
  title: 'Design patterns',
  page: 'chapters/01-design-patterns',
  exercises: [
    {
      id: '01.3',
      title: 'Logger decorators: minimum level and bound fields',
      stub: stub('03-logger-decorators'),
      test: test('03-logger-decorators'),
      hints: [
        'A decorator is an object with the same interface as what it wraps: return `{ log(level, msg, fields) { ... }, close: () => inner.close() }`. Nothing about the wrapped logger\'s kind matters.',
        'For withMinLevel, compare ranks with `levelRank(level) >= levelRank(minLevel)` from the chapter\'s logger.ts. Compute the minimum rank once, outside `log`.',
        '`levelRank` returns -1 for a level that is not in LOG_LEVELS: throw `new RangeError(`unknown log level "${minLevel}": use one of ${LOG_LEVELS.join(\', \')}`)` before returning the decorator.',
        'For withFields, forward `inner.log(level, msg, { ...bound, ...fields })`: spreading the call\'s fields last makes them win.',
      ],
      services: [],
      minutes: 15,
      level: 'warm-up',
    },
    {
      id: '01.6',
      title: 'A bus that replays sticky events to late subscribers',
      stub: stub('06-sticky-event-bus'),
      test: test('06-sticky-event-bus'),
      hints: [
        'Compose, do not copy: hold a chapter `TypedEventBus<Events>` in a private field and delegate subscribe, once, emit and listenerCount to it. Add a `Map` from event name to its last payload and a Set of the sticky names.',
        'emit(): if the event is sticky, remember the payload, then delegate. last(event) reads the map; forget(event) deletes from it.',
        'subscribe(): if the map has the event, call the listener with the remembered payload first, then delegate and return the bus\'s unsubscribe. once(): if there is a remembered payload, replay it and return a no-op unsubscribe without subscribing; otherwise delegate to `bus.once`.',
        'Replay must treat failures like emit does: call the listener inside try/catch and send a throw to `options.onError(error, { event })`; if it returned a promise (check for a `then` function), attach `Promise.resolve(result).catch((error) => onError(error, { event }))`.',
      ],
      services: [],
      minutes: 25,
      level: 'core',
    },
    {
      id: '01.5',
      title: 'waitFor: await an event with a filter, a timeout and a signal',
      stub: stub('05-wait-for-event'),
      test: test('05-wait-for-event'),
      hints: [
        'Node has the same idea for EventEmitter: `events.once(emitter, name, { signal })`. Yours returns `new Promise((resolve, reject) => ...)` built on `bus.subscribe` and one `cleanUp()` function that every way out calls.',
        'Use `subscribe`, not `once`: a payload the filter rejects must leave you listening. Run the filter inside try/catch; if it throws, clean up and reject with that error.',
        'cleanUp() does three things: call the unsubscribe function, `clearTimeout(timer)`, and `signal?.removeEventListener(\'abort\', onAbort)`. Start the timer only when `timeoutMs` is given and reject with `new WaitForTimeoutError(event, timeoutMs)`.',
        'Before anything else: `if (signal?.aborted) return Promise.reject(signal.reason)`. Otherwise `signal?.addEventListener(\'abort\', onAbort, { once: true })` where onAbort cleans up and rejects with `signal.reason`.',
      ],
      services: [],
      minutes: 30,
      level: 'core',
    },
    {
      id: '01.4',
      title: 'A batching logger registered as a new factory kind',
      stub: stub('04-batching-logger-kind'),
      test: test('04-batching-logger-kind'),
      hints: [
        'withBatchingLogger is one line: `factory.register(\'batch\', batchingLoggerKind)`. The factory already validates the options with the schema given in the stub, so BatchingLogger receives parsed options with the defaults filled in.',
        'In BatchingLogger keep a `queue: LogRecord[]` and at most one timer. log() pushes `makeRecord(level, msg, fields)`; when the queue reaches `maxBatch`, send it now; otherwise start the timer if none is running (`setTimeout(..., flushIntervalMs)`, and `unref()` it).',
        'Sending: clear the timer, swap the queue for a new empty array, and start `Promise.resolve().then(() => send(batch)).catch((error) => onError(error, batch))`. Keep each such promise in a Set and delete it in `.finally`, so nothing rejects unhandled and flush() can `await Promise.all(set)`.',
        'close() sets a `closed` flag and awaits flush(); log() throws `new LoggerClosedError(\'batch\')` once closed. flush() always clears the timer, so close() leaves none behind.',
      ],
      services: [],
      minutes: 40,
      level: 'core',
    },
    {
      id: '01.2',
      title: 'A bounded keyed singleton (multiton)',
      stub: stub('02-keyed-singleton'),
      test: test('02-keyed-singleton'),
      hints: [
        'Keep a `Map<string, AsyncSingleton<T>>`: one chapter AsyncSingleton per key already gives you "one creation for concurrent callers". Your job is the map around them: creating entries, forgetting failures, eviction and shutdown.',
        'In get(key), await `entry.get()` inside try/catch; on failure, delete the entry if the map still holds that same entry, then rethrow. A Map iterates in insertion order, so "touch" a key on use by deleting and re-setting it: the first key is then the least recently used.',
        'After adding a new key, while `map.size > maxSize`, take the first entry (`map.entries().next().value`), delete it and call its `dispose()`. Keep that promise in a Set so `disposeAll()` can wait for it with `Promise.allSettled` alongside disposing every remaining entry.',
        'disposeAll() sets a `disposed` flag first; get() then throws `new SingletonDisposedError(name)` (import it from the chapter\'s async-singleton.ts). In the constructor, `throw new RangeError(...)` when `maxSize` is given and `!(Number.isInteger(maxSize) && maxSize >= 1)`.',
      ],
      services: [],
      minutes: 45,
      level: 'stretch',
    },
    {
      id: '01.1',
      title: 'A singleton whose initialisation times out',
      stub: stub('01-singleton-init-timeout'),
      test: test('01-singleton-init-timeout'),
      hints: [
        'Do not change AsyncSingleton: build one with `new AsyncSingleton({ name, dispose, create })` and put the timeout inside the `create` you hand it. Because AsyncSingleton forgets a failed creation, a timeout that rejects is retried by the next get() for free.',
        'Inside create, start a `setTimeout` that aborts your own AbortController with `new InitTimeoutError(name, timeoutMs)`, and combine it with the singleton\'s signal: `AbortSignal.any([singletonSignal, deadline.signal])`. Pass the combined signal to `options.create`.',
        'Wrap the work in `new Promise((resolve, reject) => ...)`: add an `abort` listener on the combined signal that calls `clearTimeout(timer)` and `reject(signal.reason)`, so you stop waiting even when create() ignores its signal. When create() settles, clear the timer and remove the abort listener.',
        'If create() resolves after the signal already aborted, nobody will receive that value: call `options.dispose?.(value)` on it. Validate `timeoutMs` first: `if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(\'timeoutMs must be a positive number of milliseconds, got ...\')`.',
      ],
      services: [],
      minutes: 45,
      level: 'stretch',
    },
  ],
};
