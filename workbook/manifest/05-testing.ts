import type { Chapter } from './types.js';

export const testingChapter: Chapter = {
  number: '05',
  slug: '05-testing',
  title: 'Testing: integration harness and load gates',
  page: 'chapters/05-testing',
  exercises: [
    {
      id: '05.1',
      title: 'A test-data factory with sequences and traits',
      stub: 'exercises/05-testing/01-test-data-factory.ts',
      test: 'test/exercises/05-testing/01-test-data-factory.test.ts',
      hints: [
        'Read createTestData in chapters/05-testing/harness/test-data.ts: a random tag per factory and a counter per call. Nothing reads the clock, so a frozen Date.now() changes nothing.',
        'Keep `let sequence = 0` and `const runTag = options.runTag ?? randomBytes(3).toString(\'hex\')` in the closure of defineFactory. Each build does sequence += 1 and makes one context { sequence, runTag, unique } that the base and every trait function share.',
        'In build: first loop over the trait names and throw UnknownTraitError unless Object.hasOwn(traits, name) (before touching the counter); then value = base(context); for each trait, value = { ...value, ...(typeof trait === \'function\' ? trait(context) : trait) }; return { ...value, ...overrides }. buildList is Array.from({ length: count }, () => build(overrides, traits)).',
      ],
      services: [],
    },
    {
      id: '05.2',
      title: 'Regression rules against a saved baseline run',
      stub: 'exercises/05-testing/02-baseline-thresholds.ts',
      test: 'test/exercises/05-testing/02-baseline-thresholds.test.ts',
      hints: [
        'Model it on parseThreshold and evaluateThresholds in chapters/05-testing/load-gate/thresholds.ts: one regular expression, then one rule per metric family, each failure a ThresholdSyntaxError with the allowed form.',
        'The pattern /^\\s*([a-z0-9]+)\\s*(<=|>=|<|>)\\s*([+-])(\\d+(?:\\.\\d+)?)\\s*%\\s*$/i gives metric, comparator, sign and number; maxChange = (sign === \'-\' ? -1 : 1) * number / 100. Check errors first (refused), then latency metrics need < or <=, rps needs > or >=.',
        'compareWithBaseline: if !Number.isFinite(before) || !Number.isFinite(now) || before <= 0, return passed: false with change NaN. Otherwise change = (now - before) / before and compare change with maxChange using the comparator; format detail as `${metric} ${before} -> ${now} (${pct(change)}, allowed ${comparator} ${pct(maxChange)})` with pct giving +50.0%.',
      ],
      services: [],
    },
    {
      id: '05.3',
      title: 'A bounded-memory latency histogram',
      stub: 'exercises/05-testing/03-latency-histogram.ts',
      test: 'test/exercises/05-testing/03-latency-histogram.test.ts',
      hints: [
        'The chapter\'s gate keeps every latency and sorts them (percentile.ts): exact, but memory grows with the run. Logarithmic buckets keep a bounded relative error instead: the idea behind DDSketch and HdrHistogram.',
        'With e = relativeError, gamma = (1 + e) / (1 - e). A value v > minMs goes to bucket i = Math.ceil(Math.log(v / minMs) / Math.log(gamma)), which holds (minMs*gamma^(i-1), minMs*gamma^i]. Count buckets in a Map<number, number>.',
        'percentile: rank = Math.ceil(p / 100 * count); sort the bucket indexes, add their counts until the sum reaches rank, and return minMs * 2 * gamma ** i / (gamma + 1) (or minMs for bucket 0). merge adds counts index by index after checking both settings match; private #fields of another instance of the same class are readable.',
      ],
      services: [],
    },
    {
      id: '05.4',
      title: 'A database janitor that keeps indexes and refuses other databases',
      stub: 'exercises/05-testing/04-database-janitor.ts',
      test: 'test/exercises/05-testing/04-database-janitor.test.ts',
      hints: [
        'Start from resetDatabase in chapters/05-testing/harness/isolation.ts: listCollections with nameOnly, skip system.*, deleteMany({}) on each. Never dropDatabase or drop(): that is what loses the unique index.',
        'Check the name in createDatabaseJanitor itself, before returning anything: `if (!pattern.test(db.databaseName)) throw new UnsafeDatabaseError(...)`, with pattern = options.namePattern ?? /^test_/.',
        'Keep `let snapshot: Map<string, string[]> | undefined`. snapshotIndexes fills it with (await db.collection(name).indexes()).map((i) => String(i.name)) per collection; assertIndexesIntact compares the snapshot with a fresh map and lists `${collection}.${index}` for every name that is gone; reset calls it when snapshot is set.',
      ],
      services: ['mongo'],
    },
    {
      id: '05.5',
      title: 'A fake mailer with assertions that wait without polling',
      stub: 'exercises/05-testing/05-asserting-mailer.ts',
      test: 'test/exercises/05-testing/05-asserting-mailer.test.ts',
      hints: [
        'Chapter 2\'s RecordingNotifier (chapters/02-architecture/adapters/notifications/recording-notifier.ts) records; yours also explains failures and can wait. It replaces the mailer: nothing real is ever called, unlike a spy on the real one.',
        'Compare addresses with email.trim().toLowerCase(). failNext stores the error; sendWelcome takes it (sets the field back to undefined) and throws it, else pushes the message and emits \'sent\' on a private EventEmitter.',
        'waitForMessageTo: return the already-sent message with Promise.resolve; else new Promise((resolve, reject) => { events.on(\'sent\', onSent); timer = setTimeout(...) }) where onSent ignores other addresses and both paths call a cleanup that does clearTimeout(timer) and events.off(\'sent\', onSent). A loop of events.once() can miss a message sent between two awaits.',
      ],
      services: [],
    },
    {
      id: '05.6',
      title: 'A response-contract checker that catches leaked fields',
      stub: 'exercises/05-testing/06-contract-checker.ts',
      test: 'test/exercises/05-testing/06-contract-checker.test.ts',
      hints: [
        'z.object strips unknown keys when it parses, so schema.parse(body) never sees a leaked passwordHash. The JSON Schema from z.toJSONSchema(schema, { io: \'output\' }) says it: an object has `properties` and `additionalProperties: false`; a .loose() object has `additionalProperties: {}`.',
        'Write a recursive undeclared(node, value, path): objects (plain, not arrays or null) with node.properties report keys missing from properties when additionalProperties === false and recurse into the others with `${path}.${key}`; arrays with node.items recurse as `${path}[${i}]`.',
        'For node.anyOf (unions and .nullable()), keep only branches whose `type` fits the value (null, array, object, string, number; integer counts as number), compute each one\'s list and return the shortest ([] if none fit). checkContract joins safeParse issues (`path: message`, `(body)` at the root) with `${path}: not declared by the schema`.',
      ],
      services: [],
    },
  ],
};
