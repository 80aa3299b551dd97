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

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const BUILDER_NOISE = [/^ ---> /, /^Removing intermediate container /, /^Successfully built /, /^Successfully tagged /];

/** Turns the events of a build stream into steps, cache hits and, for a failed build, the step and output that failed. */
export function summariseBuildLog(events: readonly DockerProgressEvent[]): BuildLogSummary {
  const steps: { number: number; total: number; instruction: string; cached: boolean; output: string[] }[] = [];
  let imageId: string | undefined;
  let failure: BuildFailure | undefined;
  for (const event of events) {
    const error = dockerEventError(event);
    const current = steps.at(-1);
    if (error !== undefined) {
      failure = { step: current?.number, instruction: current?.instruction, message: error, lastOutput: current ? current.output.slice(-5) : [] };
      break;
    }
    if (event.aux?.ID) imageId = event.aux.ID;
    for (const line of (event.stream ?? '').split('\n')) {
      if (line.trim() === '') continue;
      const step = STEP.exec(line);
      if (step) steps.push({ number: Number(step[1]), total: Number(step[2]), instruction: step[3] ?? '', cached: false, output: [] });
      else if (line.trim() === '---> Using cache') {
        const last = steps.at(-1);
        if (last) last.cached = true;
      } else if (!BUILDER_NOISE.some((pattern) => pattern.test(line))) steps.at(-1)?.output.push(line);
    }
  }
  if (!failure && imageId === undefined) {
    const current = steps.at(-1);
    failure = { step: current?.number, instruction: current?.instruction, message: 'the stream ended without an image id', lastOutput: current ? current.output.slice(-5) : [] };
  }
  return { ok: failure === undefined, imageId: failure ? undefined : imageId, steps, cachedSteps: steps.filter((step) => step.cached).length, failure };
}
