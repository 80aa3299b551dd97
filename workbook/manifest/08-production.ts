import type { Chapter } from './types.js';

const dir = '08-production';
const stub = (file: string): string => `exercises/${dir}/${file}.ts`;
const test = (file: string): string => `test/exercises/${dir}/${file}.test.ts`;

export const productionChapter: Chapter = {
  number: '08',
  slug: '08-production',
  title: 'Production: shutdown, health, observability and deployment',
  page: 'chapters/08-production',
  exercises: [
    {
      id: '08.3',
      title: 'An alert that keeps firing through flaps (keep_firing_for)',
      stub: stub('03-alert-keep-firing'),
      test: test('03-alert-keep-firing'),
      hints: [
        'Only the firing phase changes. For inactive and pending, call the chapter\'s `stepAlert(state, holds, now, options.forMs)` from alert-evaluator.ts and return what it returns: its states fit KeepFiringState.',
        'Firing and the condition holds: stay firing with the same `since` and no `clearSince` (a new object without that field). No event: the alert was already announced.',
        'Firing and the condition does not hold: `const clearSince = state.clearSince ?? now`. If `now - clearSince >= keepFiringForMs`, return `{ state: { phase: "inactive" }, event: "resolved" }`; otherwise stay firing and remember clearSince.',
        'Validate both durations before anything else: `if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be 0 or more milliseconds, got ${value}`)`.',
      ],
      services: [],
      minutes: 20,
      level: 'warm-up',
    },
    {
      id: '08.5',
      title: 'What a rolling update may do: surge and unavailable in pods',
      stub: stub('05-rolling-update-budget'),
      test: test('05-rolling-update-budget'),
      hints: [
        'Validate before you compute: `replicas` first, then each field. Two small helpers keep the rules apart: one reads a field (a pod count or a percentage), one turns what it read into pods. Both fields default to "25%".',
        'A number must pass `Number.isInteger` and be >= 0. A string must match `/^(\\d+)%$/`: keep N and remember it was a percentage. Only maxUnavailable has an upper limit (N <= 100); Kubernetes lets maxSurge go above 100%.',
        'Check "both zero" on what was read, before scaling: a count of 0 and any 0 percentage ("0%", "00%") are zero. Scaling is `replicas * N / 100`, then `Math.ceil` for maxSurge and `Math.floor` for maxUnavailable.',
        'If both scaled values are 0, maxUnavailable becomes 1. Return `{ maxSurge, maxUnavailable, maxPods: replicas + maxSurge, minAvailable: Math.max(0, replicas - maxUnavailable) }`.',
      ],
      services: [],
      minutes: 25,
      level: 'warm-up',
    },
    {
      id: '08.2',
      title: 'Route labels for a server without a router',
      stub: stub('02-route-label-matcher'),
      test: test('02-route-label-matcher'),
      hints: [
        'Compile the templates once, at creation: split each into segments and mark which are parameters (start with ":"). A raw URL is then matched by comparing segment lists of equal length. Import UNMATCHED_ROUTE from the chapter\'s metrics.ts.',
        'Clean the URL first: `url.split(/[?#]/, 1)[0]` drops the query and fragment; remove one trailing "/" unless the path is "/". Treat "/" as zero segments, so `"/a/b".slice(1).split("/")` gives the rest.',
        'A parameter matches any non-empty segment; a static segment must be equal (case-sensitive). "/users//" has an empty segment and must not match "/users/:id".',
        'For "most specific wins", sort the compiled templates once: compare segment by segment, and at the first position where one is static and the other a parameter, the static one goes first. Then `compiled.find(...)` returns the best match. Validate with RangeError: a template not starting with "/", or listed twice (a Set of those seen).',
      ],
      services: [],
      minutes: 40,
      level: 'core',
    },
    {
      id: '08.4',
      title: 'A build log summary that names the failing step',
      stub: stub('04-build-log-summary'),
      test: test('04-build-log-summary'),
      hints: [
        'Keep a list of steps; each event\'s `stream` may hold several lines, so split it on "\\n" and skip blank lines. `/^Step (\\d+)\\/(\\d+) : (.*)$/` starts a new step; every other line belongs to the last step.',
        'Builder bookkeeping is not output: lines starting with " ---> " (except " ---> Using cache", which sets `cached: true` on the current step), "Removing intermediate container " and "Successfully built/tagged ".',
        'Call the chapter\'s `dockerEventError(event)` (pipeline/docker-progress.ts) first for every event: when it returns a message, record the failure with the current step (`steps.at(-1)`), its instruction and `output.slice(-5)`, and `break`: nothing after an error counts.',
        'Remember `event.aux?.ID`. After the loop, no failure and no image id is still a failure: "the stream ended without an image id". Return `ok: failure === undefined`, `imageId` only when ok, and `cachedSteps` as the count of cached steps.',
      ],
      services: [],
      minutes: 40,
      level: 'core',
    },
    {
      id: '08.6',
      title: 'Only pinned images from allowed registries',
      stub: stub('06-image-pin-policy'),
      test: test('06-image-pin-policy'),
      hints: [
        'Parse from the right: split off "@digest" at the first "@", then a tag at the last ":" but only if that ":" is after the last "/" (in "localhost:5000/orders" the ":" is a port).',
        'Split the rest on "/". The first component is a registry when there are at least two components and it contains "." or ":" or equals "localhost". Otherwise the registry is "docker.io", and a single component becomes "library/<name>".',
        'Validate each part and throw the chapter\'s `ImageReferenceError` (pipeline/pipeline-errors.ts): digest `/^sha256:[0-9a-f]{64}$/`, tag `/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/`, path components `/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/`, and at least one of them.',
        '`requirePinnedImage`: parse, check the registry against `policy.allowedRegistries` (message: "comes from X; allowed registries: a, b"), then require a digest (message: "not pinned: a tag ("v1")" or "(implicitly "latest")"), and return `${registry}/${repository}@${digest}`.',
      ],
      services: [],
      minutes: 45,
      level: 'core',
    },
    {
      id: '08.1',
      title: 'A readiness check that survives probe storms and blips',
      stub: stub('01-cached-readiness-check'),
      test: test('01-cached-readiness-check'),
      hints: [
        'Return a new DependencyCheck object: copy `name` (and `timeoutMs` only when the wrapped check has one), and write your own `async check(signal)`. The chapter Health runs it with its per-check timeout, so you do not add one.',
        'Keep three pieces of state in the closure: the promise of the call in flight (shared by concurrent callers, cleared when it settles), the last outcome with the time it was taken (`options.now()`), and the number of consecutive failures.',
        'Turn the wrapped call into an outcome that never rejects: `check.check(signal).then(() => ({ ok: true }), (error) => ({ ok: false, error }))`, updating the failure count in each branch. Then decide: reject only when the outcome failed AND `consecutiveFailures >= failureThreshold`.',
        'At the top of check(): `if (last && options.now() - last.at < options.ttlMs) return answer(last.outcome)`. Otherwise `inFlight ??= ...` so a second caller reuses the running call. Validate first: `ttlMs` finite and >= 0, `failureThreshold` an integer >= 1, each a RangeError naming the option.',
      ],
      services: [],
      minutes: 45,
      level: 'stretch',
    },
  ],
};
