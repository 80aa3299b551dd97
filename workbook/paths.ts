import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, whatever the current directory. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Per-learner state (hints shown, last results, backups). Git-ignored. `WORKBOOK_STATE_DIR` moves it (the CLI's tests). */
export const stateDir = process.env.WORKBOOK_STATE_DIR
  ? path.resolve(process.env.WORKBOOK_STATE_DIR)
  : path.join(root, '.workbook');

export function fromRoot(...segments: string[]): string {
  return path.join(root, ...segments);
}

/** Repository-relative path with forward slashes, as the manifest writes paths. */
export function relativeToRoot(absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}
