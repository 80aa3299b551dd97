import type { TestProject } from 'vitest/node';
import { resolveMongo } from '../../platform/mongo/provider.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The MongoDB every test file shares this run (read it with `sharedMongo()` from test/support/mongo.ts). */
    mongoUri: string;
    /** Which provider served it: 'uri' | 'memory-server' | 'embedded'. */
    mongoProvider: string;
  }
}

/**
 * Runs once per vitest run, before any test file: decisions that cost seconds (which MongoDB to use) are made here
 * and handed to every test file with `project.provide`, read back with `inject`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mongo = await resolveMongo();
  project.provide('mongoUri', mongo.uri);
  project.provide('mongoProvider', mongo.provider);
  return async () => {
    await mongo.stop();
  };
}
