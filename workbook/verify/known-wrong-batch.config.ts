/**
 * The vitest config of one batch of known-wrong answers (see known-wrong-batch.ts): one project per patch, each
 * running its exercise's test with the exercise import pointed at the patched solution, all in one vitest process.
 * A process per patch spent most of its time starting vitest, measuring the machine and starting MongoDB.
 *
 * The projects copy the workbook's own test settings (vitest.config.ts) except the global setup, which runs once for
 * the whole batch: its MongoDB and its slowdown measurement reach every project through the root project.
 */
import { readFileSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import workbook from '../../vitest.config.js';
import { root } from '../paths.js';
import PerProjectReporter from './per-project-report.js';

/** What known-wrong-batch.ts hands this config, in the file named by WORKBOOK_KNOWN_WRONG_BATCH. */
export interface KnownWrongBatchSpec {
  readonly reportFile: string;
  readonly projects: readonly {
    /** The patch, which names the project. */
    readonly patch: string;
    readonly test: string;
    /** `#exercise/NN-topic/MM-slug`, pointed at `applied`. */
    readonly exerciseImport: string;
    readonly applied: string;
  }[];
}

const specFile = process.env.WORKBOOK_KNOWN_WRONG_BATCH;
if (!specFile)
  throw new Error('WORKBOOK_KNOWN_WRONG_BATCH names no batch: verify writes it (workbook/verify/known-wrong-batch.ts)');
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as KnownWrongBatchSpec;
const { globalSetup, include: _everyTest, ...testSettings } = workbook.test ?? {};

const projects: TestProjectInlineConfiguration[] = spec.projects.map((project) => ({
  resolve: {
    alias: [
      {
        find: new RegExp(`^${project.exerciseImport.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
        replacement: project.applied,
      },
    ],
  },
  ssr: workbook.ssr,
  test: { ...testSettings, name: project.patch, root, include: [project.test] },
}));

export default defineConfig({
  ssr: workbook.ssr,
  test: { root, globalSetup, projects, reporters: [new PerProjectReporter({ outputFile: spec.reportFile })] },
});
