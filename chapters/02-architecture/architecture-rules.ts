import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One layer: the folder it lives in and what its files may import. */
export interface LayerRule {
  readonly layer: string;
  /** Folders (relative to the chapter root) a relative import may point into. */
  readonly mayImportFolders: readonly string[];
  /** Bare specifiers allowed (exact match), e.g. `node:crypto`. Every other package is refused. */
  readonly mayImportPackages: readonly string[];
  /** Modules outside the chapter allowed (relative to the chapter root, exact match). */
  readonly mayImportOutside?: readonly string[];
}

/** A broken rule: which file imported what, and why that is not allowed. */
export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly reason: string;
}

// #region rules
/** The workbook's one error root, in platform/: the error model builds on it, and it imports nothing. */
const ERROR_ROOT = '../../platform/errors/coded-error.js';

/**
 * The dependency rule: inner layers know nothing of outer ones. The domain imports only itself and the error model;
 * the application adds its own ports and `node:crypto` (for ids). Express, the driver, zod and adapters/ stay out.
 */
export const LAYER_RULES: readonly LayerRule[] = [
  { layer: 'domain', mayImportFolders: ['domain', 'errors'], mayImportPackages: [] },
  { layer: 'application', mayImportFolders: ['domain', 'application', 'errors'], mayImportPackages: ['node:crypto'] },
  { layer: 'errors', mayImportFolders: ['errors'], mayImportPackages: [], mayImportOutside: [ERROR_ROOT] },
];
// #endregion rules

/** Every module specifier in `source` (import, export-from, `import()` and `require`), read by the TypeScript scanner. */
export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/**
 * The violations in one file. `file` is relative to the chapter root (`domain/user.entity.ts`); the source is passed
 * in, so a test can check a fixture string as well as the real files.
 */
export function checkImports(file: string, source: string, rules: readonly LayerRule[] = LAYER_RULES): Violation[] {
  const layer = file.split('/')[0];
  const rule = rules.find((r) => r.layer === layer);
  if (!rule) return [];
  const violations: Violation[] = [];
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      const folder = target.split('/')[0] ?? '';
      const outside = target.startsWith('..');
      if (outside ? !rule.mayImportOutside?.includes(target) : !rule.mayImportFolders.includes(folder)) {
        violations.push({
          file,
          specifier,
          reason: `${rule.layer}/ may import only from ${rule.mayImportFolders.map((f) => `${f}/`).join(', ')}; ${specifier} is ${outside ? 'outside the chapter' : `in ${folder}/`}`,
        });
      }
    } else if (!rule.mayImportPackages.includes(specifier)) {
      const allowed = rule.mayImportPackages.length === 0 ? 'no packages' : rule.mayImportPackages.join(', ');
      violations.push({
        file,
        specifier,
        reason: `${rule.layer}/ may import ${allowed}; ${specifier} belongs in an adapter`,
      });
    }
  }
  return violations;
}

/** Checks every .ts file under the layers' folders of `root`. */
export function checkLayers(root: string, rules: readonly LayerRule[] = LAYER_RULES): Violation[] {
  const violations: Violation[] = [];
  for (const { layer } of rules) {
    const files = readdirSync(path.join(root, layer), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    for (const relative of files) {
      const file = `${layer}/${relative.split(path.sep).join('/')}`;
      violations.push(...checkImports(file, readFileSync(path.join(root, file), 'utf8'), rules));
    }
  }
  return violations;
}
