/**
 * `npm run bench`: every benchmark, one after the other (never side by side: they would measure each other).
 * Arguments after `--` name the ones to run: `npm run bench -- send`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ALL = ['plan', 'send', 'render', 'sync', 'sync-quickbooks', 'cockpit'];
const picked = process.argv.slice(2);
const unknown = picked.filter((name) => !ALL.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}: pick among ${ALL.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of picked.length ? picked : ALL) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`\n== ${name}: not there yet (${file}), skipped`);
    continue;
  }
  console.log(`\n== ${name}`);
  const { status } = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
