import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stateDir } from './paths.js';

/** `waiting`: not run, because this machine lacks a service it needs (RabbitMQ, promtool...). */
export type ExerciseOutcome = 'solved' | 'failing' | 'waiting';

export interface ExerciseResult {
  readonly outcome: ExerciseOutcome;
  readonly passed: number;
  readonly failed: number;
  readonly at: string;
  /** Fingerprint of the exercise's test file when it ran, so `status` can flag a test that changed since. */
  readonly test?: string;
  /** For `waiting`: what is missing, as the CLI names it (`RabbitMQ`). */
  readonly waitingFor?: readonly string[];
}

export interface WorkbookState {
  /** Exercise id to the number of hints already shown. */
  hintsShown: Record<string, number>;
  /** Exercise id to the outcome of its last test run. */
  results: Record<string, ExerciseResult>;
}

const stateFile = (dir: string): string => path.join(dir, 'state.json');

export function readState(dir: string = stateDir): WorkbookState {
  try {
    const parsed = JSON.parse(readFileSync(stateFile(dir), 'utf8')) as Partial<WorkbookState>;
    return { hintsShown: parsed.hintsShown ?? {}, results: parsed.results ?? {} };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { hintsShown: {}, results: {} };
    throw new Error(`Could not read ${stateFile(dir)} (${(error as Error).message}). Delete it to start afresh.`, {
      cause: error,
    });
  }
}

/** Read, change and write the state; the write goes through a temporary file so a crash never leaves half a file. */
export function updateState(change: (state: WorkbookState) => void, dir: string = stateDir): WorkbookState {
  const state = readState(dir);
  change(state);
  mkdirSync(dir, { recursive: true });
  const temporary = `${stateFile(dir)}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n');
  renameSync(temporary, stateFile(dir));
  return state;
}
