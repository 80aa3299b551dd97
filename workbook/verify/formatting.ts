/**
 * Formatting, checked by Prettier (.prettierrc.json: 120 columns; .prettierignore leaves out Markdown, patches and
 * generated files). Returns the files Prettier would change; `npx prettier --write <file>` fixes one.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

export async function checkFormatting(
  root: string,
  { prettier = path.join(root, 'node_modules/prettier/bin/prettier.cjs') } = {},
): Promise<string[]> {
  const run = promisify(execFile)(process.execPath, [prettier, '--list-different', '.'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  // --list-different exits 1 when a file differs, and names each file on stdout; any other failure is real.
  const { stdout } = await run.catch((error: { code?: number; stdout?: string }) => {
    if (error.code === 1 && error.stdout !== undefined) return { stdout: error.stdout };
    throw error;
  });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((file) => `${file}: not formatted (npx prettier --write ${file})`);
}
