/** External services (or, for promtool, a tool) an exercise's tests need. `none` is the empty list. */
export type Service = 'mongo' | 'redis' | 'amqp' | 'etcd' | 'promtool';

/** Where an exercise sits on its chapter's ramp: a short warm-up on one idea, the core work, or a stretch. */
export type Level = 'warm-up' | 'core' | 'stretch';

export const LEVELS: readonly Level[] = ['warm-up', 'core', 'stretch'];

export interface Exercise {
  /** `NN.M`: two-digit chapter number, then the exercise number within the chapter. */
  readonly id: string;
  readonly title: string;
  /** Stub the learner edits, relative to the repository root; the solution is the same path under `solutions/`. */
  readonly stub: string;
  /** The one test file that runs against the stub (learner) or the solution (verify). */
  readonly test: string;
  /** From gentle to explicit; `workbook hint <id>` reveals one more per call. */
  readonly hints: readonly string[];
  readonly services: readonly Service[];
  /** An honest estimate, for a reader who has read the chapter, of the minutes the exercise takes. */
  readonly minutes: number;
  readonly level: Level;
  /**
   * How verify proves the exercise's test rejects wrong answers: by mutating the solution (the default), or, for an
   * exercise where the learner writes the tests, by running them against wrong implementations kept in the workbook.
   */
  readonly grading?: 'mutation' | 'wrong-implementations';
  /** Set when the capstone can run the learner's implementation of this port (`npm start -- --mine NN`). */
  readonly capstonePort?: string;
}

export interface Chapter {
  /** Two digits, `01`. */
  readonly number: string;
  /** Folder name under chapters/, exercises/, solutions/ and test/exercises/: `01-design-patterns`. */
  readonly slug: string;
  readonly title: string;
  /** Docs page path without extension, relative to docs/: `chapters/01-design-patterns`. */
  readonly page: string;
  readonly exercises: readonly Exercise[];
}
