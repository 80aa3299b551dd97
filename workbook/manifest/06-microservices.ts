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
  ],
};
