// `npm run bench -- <name>`: runs bench/<name>.mjs (or every benchmark with `all`).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const names = readdirSync(here).filter((f) => f.endsWith('.mjs') && !['run.mjs', 'lib.mjs'].includes(f)).map((f) => f.slice(0, -4)).sort();
const wanted = process.argv[2];
if (!wanted || (wanted !== 'all' && !names.includes(wanted))) {
  console.error(`usage: npm run bench -- <${names.join('|')}|all>`);
  process.exit(2);
}
let failed = false;
for (const name of wanted === 'all' ? names : [wanted]) {
  const r = spawnSync(process.execPath, [`${here}${name}.mjs`, ...process.argv.slice(3)], { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
