import type { TestProject } from 'vitest/node';
import { measureSlowdown } from './measure-slowdown.js';

/**
 * The global setup of a mutation run that needs no MongoDB: only the slowdown, so a test that scales its timeout
 * (test/support/slow-tests.ts) gets the same budget under Stryker as under verify on the same busy machine.
 */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('slowdown', await measureSlowdown());
}
