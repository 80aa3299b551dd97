import type { TestProject } from 'vitest/node';
import { resolveMongo } from '../../platform/mongo/provider.js';
import { measureSlowdown } from './measure-slowdown.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The MongoDB every test file shares this run (read it with `sharedMongo()` from test/support/mongo.ts). */
    mongoUri: string;
    /** Which provider served it: 'uri' | 'memory-server' | 'embedded'. */
    mongoProvider: string;
    /** How much slower than idle the machine ran at the start of the run (slow-tests.ts scales timeouts by it). */
    slowdown: number;
  }
}

/**
 * Runs once per vitest run, before any test file: decisions that cost seconds (which MongoDB to use) are made here
 * and handed to every test file with `project.provide`, read back with `inject`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const slowdown = await measureSlowdown();
  project.provide('slowdown', slowdown);
  if (slowdown >= 1.5)
    console.log(
      `busy machine: a busy loop got 1/${slowdown} of a core; slow end-to-end tests get ${slowdown}x their idle budgets (at most 60 s)`,
    );
  const mongo = await resolveMongo();
  project.provide('mongoUri', mongo.uri);
  project.provide('mongoProvider', mongo.provider);
  return async () => {
    await mongo.stop();
  };
}
