/** Writes deploy/prometheus/alerts.yml from alert-rules.ts: `npx tsx chapters/08-production/write-alert-rules.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAlertRules } from './alert-rules.js';

export const ALERTS_FILE = fileURLToPath(new URL('../../deploy/prometheus/alerts.yml', import.meta.url));

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ALERTS_FILE, renderAlertRules());
  console.log(`wrote ${ALERTS_FILE}`);
}
