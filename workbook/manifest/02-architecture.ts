import type { Chapter } from './types.js';

export const architectureChapter: Chapter = {
  number: '02',
  slug: '02-architecture',
  title: 'Clean architecture and dependency injection',
  page: 'chapters/02-architecture',
  exercises: [
    {
      id: '02.1',
      title: 'A DisplayName value object',
      stub: 'exercises/02-architecture/01-display-name.ts',
      test: 'test/exercises/02-architecture/01-display-name.test.ts',
      hints: [
        'Follow Email.parse in chapters/02-architecture/domain/email.value-object.ts: type check, a cheap length check, then the rules, each throwing ValidationError.forField(\'name\', rule, message).',
        'Normalise with raw.normalize(\'NFC\').trim().split(/\\s+/).join(\' \'); count code points with [...value].length, because \'\\u{1F600}\'.length is 2.',
        'Check forbidden characters with /[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]/u after replacing tabs and newlines by spaces (they are \\p{Cc} too, but only whitespace here). Refuse raw.length > 400 as max_length before any regex.',
      ],
      services: [],
    },
    {
      id: '02.2',
      title: 'A changeEmail use case with its port',
      stub: 'exercises/02-architecture/02-change-email.ts',
      test: 'test/exercises/02-architecture/02-change-email.test.ts',
      hints: [
        'Read createRegisterUser: a function that takes its ports and returns the use case. Yours takes { accounts, hasher, notifier }.',
        'Order matters: Email.parse first, then findById (UserNotFoundError), then hasher.verify (UnauthorizedError), then compare with user.email.equals(email).',
        'Do not look the new email up before updating: call accounts.updateEmail and let its EmailTakenError propagate. Then notifier.emailChanged({ userId, oldEmail: user.email.value, newEmail: email.value }) and return user.withEmail(email).toPublic().',
      ],
      services: [],
    },
    {
      id: '02.3',
      title: 'A 429 error through the problem-details middleware',
      stub: 'exercises/02-architecture/03-rate-limited-error.ts',
      test: 'test/exercises/02-architecture/03-rate-limited-error.test.ts',
      hints: [
        'The middleware already sends whatever headers() and extensions() return; see ServiceUnavailableError in chapters/02-architecture/errors/app-error.ts.',
        'rate-limiter-flexible rejects with a RateLimiterRes (an object with msBeforeNext) when the limit is reached, and with an Error when its store fails. Tell them apart with instanceof Error.',
        'fromLimiterRejection: new TooManyRequestsError(Math.max(1, Math.ceil(ms / 1000))). The guard: async (req, _res, next) => { try { await consume(keyOf(req)); next(); } catch (e) { next(isLimiterRejection(e) ? fromLimiterRejection(e) : e); } }.',
      ],
      services: [],
    },
    {
      id: '02.4',
      title: 'A container scope per request',
      stub: 'exercises/02-architecture/04-request-scope.ts',
      test: 'test/exercises/02-architecture/04-request-scope.test.ts',
      hints: [
        'container.createScope() returns a Scope with resolve() and dispose(). Create one per request in the middleware, then call next().',
        'Keep it in a module-level WeakMap<Response, Scope> so scopeOf(res) can find it and nothing leaks when the response is collected.',
        'Dispose on res.once(\'close\', ...): it fires after normal, error and aborted responses. dispose() returns a promise: .catch(onDisposeError) so a failure is reported, not unhandled.',
      ],
      services: [],
    },
    {
      id: '02.5',
      title: 'An outbox relay with backoff and dead letters',
      stub: 'exercises/02-architecture/05-outbox-relay.ts',
      test: 'test/exercises/02-architecture/05-outbox-relay.test.ts',
      hints: [
        'Loop over await store.pending(), skip entries with availableAt later than now(), and wrap each send in its own try/catch so one failure does not stop the pass.',
        'On failure: attempts = entry.attempts + 1; bury when attempts >= maxAttempts; else reschedule with availableAt = now + baseDelayMs * 2 ** (entry.attempts - 1).',
        'For "never two passes at once", keep the running promise: running ??= pass().finally(() => { running = undefined; }); return running.',
      ],
      services: [],
    },
  ],
};
