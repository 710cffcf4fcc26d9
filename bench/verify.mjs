// bench/verify: `git gatos event verify` over a 20,000-event journal vs the raw read rate of the same
// journal with `git rev-list` + one `git cat-file --batch` (commit + event.cbor per event).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { env, gatos, git, initRepo, printJsonLines, report, time } from './lib.mjs';

const N = Number(process.env.BENCH_EVENTS ?? 20000);
const { repo, home } = initRepo('verify');
const file = join(repo, '..', 'events.jsonl');
writeFileSync(file, Array.from({ length: N }, (_, i) => JSON.stringify({ type: 'tick', payload: { i, account: `acct-${i % 97}`, amount: i * 7 } })).join('\n'));
gatos(repo, ['event', 'append', '--ns', 'bench', '--batch', file], { GATOS_HOME: home });
git(repo, ['gc', '-q']); // verify reads packed objects, as a clone would have them

const verifyOnce = (args) => time(() => {
  const out = JSON.parse(gatos(repo, ['event', 'verify', '--json', ...args]));
  if (!out.ok || out.events !== N) throw new Error(`verify failed: ${JSON.stringify(out).slice(0, 300)}`);
});
// Cold: every signature checked (a fresh clone). Warm: the clone's local cache of verified commits.
const coldMs = await verifyOnce(['--no-cache']);
await verifyOnce([]); // fills the cache
const warmMs = await verifyOnce([]);

const readMs = await time(async () => {
  const oids = git(repo, ['rev-list', 'refs/gatos/journal/bench/user/alice']).split('\n');
  await new Promise((resolve, reject) => {
    const p = spawn('git', ['cat-file', '--batch'], { cwd: repo, env, stdio: ['pipe', 'pipe', 'inherit'] });
    let bytes = 0;
    p.stdout.on('data', (d) => (bytes += d.length));
    p.on('close', (code) => (code === 0 && bytes > 0 ? resolve() : reject(new Error(`cat-file exited ${code}`))));
    p.stdin.end(oids.map((o) => `${o}\n${o}:event.cbor\n`).join(''));
  });
});

const readRate = N / (readMs / 1000);
report('verify', 'verify_cold_events_per_s', N / (coldMs / 1000), 'events/s', readRate, 'every signature; baseline: git rev-list + cat-file --batch of commit and event.cbor');
report('verify', 'verify_warm_events_per_s', N / (warmMs / 1000), 'events/s', readRate, 'signatures cached by commit id in this clone');
printJsonLines();
