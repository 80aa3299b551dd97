import type { TestProject } from 'vitest/node';

/**
 * Runs once per vitest run, before any test file: decisions that cost seconds (which MongoDB to use) are made here
 * and handed to every test file with `project.provide`, read back with `inject`.
 */
export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  return async () => {};
}
