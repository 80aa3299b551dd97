import { dockerEventError, type DockerProgressEvent } from '../../chapters/08-production/pipeline/docker-progress.js';

/** One `Step N/M : INSTRUCTION` of a classic Docker build, with the output its command printed. */
export interface BuildStep {
  readonly number: number;
  readonly total: number;
  readonly instruction: string;
  /** True when the builder printed ` ---> Using cache` for it. */
  readonly cached: boolean;
  /** What the step's command printed, without the builder's own ` ---> ...` and bookkeeping lines. */
  readonly output: readonly string[];
}

export interface BuildFailure {
  /** The step that was running, if any step had started. */
  readonly step: number | undefined;
  readonly instruction: string | undefined;
  readonly message: string;
  /** The last (up to 5) output lines of the failing step: usually the compiler's or npm's actual error. */
  readonly lastOutput: readonly string[];
}

export interface BuildLogSummary {
  readonly ok: boolean;
  readonly imageId: string | undefined;
  readonly steps: readonly BuildStep[];
  readonly cachedSteps: number;
  readonly failure: BuildFailure | undefined;
}

const STEP = /^Step (\d+)\/(\d+) : /;
const USING_CACHE = ' ---> Using cache';
/** The builder's own lines: layer ids, container cleanup, the closing summary. */
const BOOKKEEPING = /^( ---> |Removing intermediate container |Successfully (built|tagged) )/;
const BLANK = /^\s*$/;

/** A step as it is read: every line printed while it ran, the builder's included. */
interface RawStep {
  readonly number: number;
  readonly total: number;
  readonly instruction: string;
  readonly lines: string[];
}

function toStep({ number, total, instruction, lines }: RawStep): BuildStep {
  return {
    number,
    total,
    instruction,
    cached: lines.includes(USING_CACHE),
    output: lines.filter((line) => !BOOKKEEPING.test(line)),
  };
}

/** Turns the events of a build stream into steps, cache hits and, for a failed build, the step and output that failed. */
export function summariseBuildLog(events: readonly DockerProgressEvent[]): BuildLogSummary {
  const raw: RawStep[] = [];
  let imageId: string | undefined;
  let error: string | undefined;
  for (const event of events) {
    error = dockerEventError(event);
    // Nothing after an error counts: the builder stopped there.
    if (error !== undefined) break;
    imageId = event.aux?.ID ?? imageId;
    for (const line of (event.stream ?? '').split('\n').filter((text) => !BLANK.test(text))) {
      const step = STEP.exec(line);
      // Lines before the first step ("Sending build context ...") belong to no step.
      if (step)
        raw.push({
          number: Number(step[1]),
          total: Number(step[2]),
          instruction: line.slice(step[0].length),
          lines: [],
        });
      else raw.at(-1)?.lines.push(line);
    }
  }
  const steps = raw.map(toStep);
  const current = steps.at(-1);
  const message = error ?? (imageId === undefined ? 'the stream ended without an image id' : undefined);
  const failure: BuildFailure | undefined =
    message === undefined
      ? undefined
      : {
          step: current?.number,
          instruction: current?.instruction,
          message,
          lastOutput: current?.output.slice(-5) ?? [],
        };
  return {
    ok: failure === undefined,
    imageId: failure ? undefined : imageId,
    steps,
    cachedSteps: steps.filter((step) => step.cached).length,
    failure,
  };
}
