/**
 * Dead code, found by knip (knip.json): files nothing reaches, exports and exported types nothing imports, and
 * dependencies package.json lists but nothing uses or that code uses but package.json does not list. Entry files
 * (commands, demos, exercises and solutions, whose exports are the learner's contract, tests) are the roots.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

interface Named {
  readonly name: string;
  readonly line?: number;
}

interface KnipIssue {
  readonly file: string;
  readonly [kind: string]: unknown;
}

/** The kinds knip reports that the workbook treats as failures, with how each is named. */
const KINDS: Record<string, string> = {
  files: 'unused file',
  exports: 'unused export',
  types: 'unused exported type',
  dependencies: 'unused dependency',
  devDependencies: 'unused devDependency',
  unlisted: 'unlisted dependency',
  unresolved: 'unresolved import',
  binaries: 'unlisted binary',
  duplicates: 'exported twice',
};

export async function checkDeadCode(
  root: string,
  { knip = path.join(root, 'node_modules/knip/bin/knip.js') } = {},
): Promise<string[]> {
  const run = promisify(execFile)(process.execPath, [knip, '--reporter', 'json', '--no-progress'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  // knip exits 1 when it finds something; its JSON is still on stdout.
  const { stdout } = await run.catch((error: { stdout?: string; stderr?: string; message: string }) => {
    if (error.stdout?.trim().startsWith('{')) return { stdout: error.stdout };
    throw new Error(`knip failed: ${error.stderr?.trim() || error.message}`);
  });
  const { issues } = JSON.parse(stdout) as { issues: KnipIssue[] };
  const found: string[] = [];
  for (const issue of issues) {
    for (const [kind, label] of Object.entries(KINDS)) {
      const entries = issue[kind];
      if (!Array.isArray(entries)) continue;
      for (const entry of entries as (Named | Named[])[]) {
        // A duplicate is a group: the names one value is exported under.
        const first = Array.isArray(entry) ? entry[0] : entry;
        const name = Array.isArray(entry) ? entry.map((named) => named.name).join(' = ') : entry.name;
        const where = first?.line ? `${issue.file}:${first.line}` : issue.file;
        found.push(kind === 'files' ? `${issue.file}: ${label}` : `${where}: ${label} ${name}`);
      }
    }
  }
  return found;
}
