import type { Chapter } from './types.js';

export const microservicesChapter: Chapter = {
  number: '06',
  slug: '06-microservices',
  title: 'Microservices: messaging and discovery',
  page: 'chapters/06-microservices',
  exercises: [
    {
      id: '06.1',
      title: 'A bounded, expiring dedup store',
      stub: 'exercises/06-microservices/01-bounded-dedup-store.ts',
      test: 'test/exercises/06-microservices/01-bounded-dedup-store.test.ts',
      hints: [
        'The store only needs one structure: a Map from message id to the time it was added.',
        'A Map iterates in insertion order, so its first key is the oldest. Deleting and re-setting a key moves it to the end.',
        'Before has/add/size, drop entries from the front while `addedAt <= now() - ttlMs` (stop at the first younger one). After add, delete from the front while `size > maxEntries`.',
        'Validate in the constructor: `if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new InvalidMessagingOptionError(...)` and `if (!(ttlMs > 0)) ...`; default `now` to `Date.now`.',
      ],
      services: [],
    },
    {
      id: '06.2',
      title: 'A retry policy with backoff and jitter',
      stub: 'exercises/06-microservices/02-backoff-retry-policy.ts',
      test: 'test/exercises/06-microservices/02-backoff-retry-policy.test.ts',
      hints: [
        'A RetryPolicy is a plain function from `{ deliveryCount, error }` to `{ action: "retry", delayMs }` or `{ action: "dead-letter", reason }`.',
        'Check in this order: permanent error first, then the delivery limit (`deliveryCount >= maxDeliveries`), then compute the delay.',
        'The ceiling after failure n is `Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1))`; the delay is `Math.round(baseDelayMs + random() * (ceiling - baseDelayMs))`.',
        'Use `errorText(error)` from chapters/06-microservices/delivery-policy.ts for the reason: `permanent: ${errorText(error)}`.',
      ],
      services: [],
    },
    {
      id: '06.3',
      title: 'Typed events with a schema and trace context',
      stub: 'exercises/06-microservices/03-typed-event.ts',
      test: 'test/exercises/06-microservices/03-typed-event.test.ts',
      hints: [
        'Start with childTraceparent: a regular expression with four groups, `/^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/`.',
        'A parent is valid only if it matches, its version is not `ff`, and neither id is all zeros; then return `00-<trace id>-<bytes(8) as hex>-<flags>`.',
        'In defineEvent, use `schema.safeParse(payload)`; on failure, build the message from `error.issues` (`issue.path.join(".")` and `issue.message`).',
        'message() throws InvalidEventPayloadError; handler() returns `async (message) => { ...safeParse(message.payload)...; await handle(parsed.data, message) }` and throws UnprocessableMessageError on failure, so the bus dead-letters at once.',
      ],
      services: [],
    },
    {
      id: '06.4',
      title: 'A circuit breaker that opens on the failure rate',
      stub: 'exercises/06-microservices/04-failure-rate-breaker.ts',
      test: 'test/exercises/06-microservices/04-failure-rate-breaker.test.ts',
      hints: [
        'Keep three things: a window of the latest outcomes (an array of booleans, true = failed), the time the circuit opened (or undefined), and whether a probe is out.',
        '`state` is derived, not stored: no opening time means closed; otherwise half-open once `now() - openedAt >= openMs`, else open.',
        'In recordFailure while closed: push, drop from the front beyond windowSize, then open if `window.length >= minimumCalls && failures / window.length >= failureRateThreshold`.',
        'Opening sets `openedAt = now()`, clears the probe flag and empties the window. In half-open, tryAcquire sets the probe flag; recordSuccess closes (empty window), recordFailure opens again.',
      ],
      services: [],
    },
    {
      id: '06.5',
      title: 'A picker that sends calls to the least busy instance',
      stub: 'exercises/06-microservices/05-least-in-flight-picker.ts',
      test: 'test/exercises/06-microservices/05-least-in-flight-picker.test.ts',
      hints: [
        'The client passes a context: `context.inFlight(instance.id)` is how many of its calls to that instance are still running.',
        'Compute every candidate\'s load, take the minimum, and keep only the candidates with that load.',
        'Among those ties, rotate: keep a counter in the closure and return `idlest[turn % idlest.length]`, then increment it.',
        'Return undefined for an empty candidate list before doing any of that (`Math.min()` of nothing is Infinity).',
      ],
      services: [],
    },
    {
      id: '06.6',
      title: 'A retry budget that stops retry storms',
      stub: 'exercises/06-microservices/06-retry-budget.ts',
      test: 'test/exercises/06-microservices/06-retry-budget.test.ts',
      hints: [
        'One number is the whole state: `let tokens = maxTokens`, kept in the closure.',
        'recordFailure: `tokens = Math.max(0, tokens - 1)`; recordSuccess: `tokens = Math.min(maxTokens, tokens + tokenRatio)`.',
        'canRetry is `tokens > maxTokens / 2` (strictly more than half).',
        'Expose the count with a getter in the returned object literal: `get tokens() { return tokens; }`; validate the options first and throw RangeError naming the bad one.',
      ],
      services: [],
    },
  ],
};
