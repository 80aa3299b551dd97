import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { CodedError } from '../platform/errors/coded-error.js';

/** Every repository file a set of entry files reaches, with its source, and the npm packages they import. */
export interface ImportClosure {
  /** Repository-relative POSIX path to source, in no particular order. */
  readonly files: Map<string, string>;
  /** Package names (`express`, `@scope/name`), without `node:` built-ins. */
  readonly packages: Set<string>;
}

export class ImportClosureError extends CodedError {
  readonly code = 'IMPORT_CLOSURE';
}

export interface ClosureOptions {
  readonly root: string;
  /** Where `#exercise/*` leads: the learner's stubs or the solutions. */
  readonly exercises: 'exercises' | 'solutions';
}

/**
 * Follows static and dynamic imports, `#exercise/*` and files loaded or read at run time through
 * `new URL('./file', import.meta.url)` (worker modules, data files), from the entry files to everything they reach.
 */
export function importClosure(entries: readonly string[], { root, exercises }: ClosureOptions): ImportClosure {
  const files = new Map<string, string>();
  const packages = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    const source = readFileSync(path.join(root, file), 'utf8');
    files.set(file, source);
    if (!/\.[cm]?[jt]sx?$/.test(file)) continue; // data a module reads (a manifest, a fixture): hashed, not parsed
    for (const { fileName: specifier } of ts.preProcessFile(source, true, true).importedFiles) {
      if (specifier.startsWith('#exercise/')) pending.push(`${exercises}/${specifier.slice('#exercise/'.length)}.ts`);
      else if (specifier.startsWith('.')) pending.push(resolveRelative(root, file, specifier));
      else if (!specifier.startsWith('node:')) packages.add(packageName(specifier));
    }
    // Files a module loads or reads at run time: worker modules, and data such as a manifest the test checks. An
    // interpolated extension (`./host${ext}`) resolves to the TypeScript file; a folder (the repository root) is skipped.
    for (const match of source.matchAll(/new URL\(\s*['"`](\.{1,2}\/[^'"`]+)['"`]\s*,\s*import\.meta\.url/g)) {
      const target = match[1]!.replace(/\$\{[^}]*\}$/, '');
      const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
      if (/\.[cm]?[jt]s$|\$\{/.test(match[1]!)) pending.push(resolveRelative(root, file, target));
      else if (
        existsSync(path.join(root, joined)) &&
        statSync(path.join(root, joined)).isFile() &&
        !joined.startsWith('..')
      )
        pending.push(joined);
    }
  }
  return { files, packages };
}

function resolveRelative(root: string, importer: string, specifier: string): string {
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(importer), specifier));
  const candidates = [joined.replace(/\.js$/, '.ts'), joined, `${joined}.ts`, `${joined}/index.ts`];
  const found = candidates.find((candidate) => existsSync(path.join(root, candidate)) && !candidate.endsWith('/'));
  if (!found) throw new ImportClosureError(`${importer} imports "${specifier}", which does not exist.`);
  if (found.startsWith('..'))
    throw new ImportClosureError(`${importer} imports "${specifier}", outside the repository.`);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
