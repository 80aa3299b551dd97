/**
 * The layer rules (.dependency-cruiser.mjs), run by dependency-cruiser over the workbook's code folders. Violations
 * listed in .dependency-cruiser-known-violations.json (those that existed when the rules were written) are reported
 * as a count; any other fails, named with its rule, its file and the module it imports.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/** The folders the rules cover: everything with code but docs (VitePress config) and generated output. */
export const CODE_FOLDERS = [
  'capstone',
  'chapters',
  'platform',
  'exercises',
  'solutions',
  'test',
  'workbook',
  'bench',
  'loadtest',
] as const;

export const KNOWN_VIOLATIONS_FILE = '.dependency-cruiser-known-violations.json';

export interface LayerCheck {
  /** One line per violation: `rule: from → to`. Empty when the rules hold. */
  readonly violations: readonly string[];
  /** How many known violations were ignored. */
  readonly known: number;
}

interface CruiseJson {
  summary: { violations: { rule: { name: string; severity: string }; from: string; to: string }[]; ignore?: number };
}

export async function checkLayers(
  root: string,
  {
    config = path.join(root, '.dependency-cruiser.mjs'),
    depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
  } = {},
): Promise<LayerCheck> {
  const folders = CODE_FOLDERS.filter((folder) => existsSync(path.join(root, folder)));
  const known = path.join(root, KNOWN_VIOLATIONS_FILE);
  const args = [
    depcruise,
    '--config',
    config,
    '--output-type',
    'json',
    ...(existsSync(known) ? ['--ignore-known', known] : []),
    ...folders,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string; message: string }) => {
    // dependency-cruiser exits non-zero when it finds violations; its JSON is still on stdout.
    if (error.stdout?.trim().startsWith('{')) return { stdout: error.stdout };
    throw error;
  });
  const { summary } = JSON.parse(stdout) as CruiseJson;
  // A known violation comes back with severity `ignore`.
  const found = summary.violations.filter((v) => v.rule.severity !== 'ignore');
  return { violations: found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`), known: summary.ignore ?? 0 };
}
