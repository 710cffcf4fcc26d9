// bench/gate: wall time of pushing N new events to a bare repository guarded by the Stargate gate
// (pre-receive verifies every event) against pushing the same commits to an ungated one, over file://.
// Figures: the 1,000-event push (gated vs ungated, median of BENCH_RUNS), the gate's overhead in
// seconds, and a 20,000-event push (target: under 5 s).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { env, gatos, git, initRepo, median, printJsonLines, report, scratch, time } from './lib.mjs';

const SMALL = Number(process.env.BENCH_GATE_EVENTS ?? 1000);
const LARGE = Number(process.env.BENCH_GATE_LARGE ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** A client clone with `count` events by user:alice in namespace bench, appended by the real CLI. */
function client(count) {
  const { repo, home } = initRepo(`gate-client-${count}`);
  const file = join(repo, '..', 'events.jsonl');
  writeFileSync(file, Array.from({ length: count }, (_, i) => JSON.stringify({ type: 'tick', payload: { i, account: `acct-${i % 97}`, amount: i * 7 } })).join('\n'));
  gatos(repo, ['event', 'append', '--ns', 'bench', '--batch', file], { GATOS_HOME: home });
  return repo;
}

const remotes = scratch('gate-remotes');
let made = 0;

/** A fresh bare repository; gated ones get the hook and the client's active policy (--trust-from). */
function bare(source, gated) {
  const dir = join(remotes, `${gated ? 'gated' : 'plain'}-${made++}.git`);
  git(remotes, ['init', '-q', '--bare', dir]);
  if (gated) gatos(dir, ['hook', 'install', dir, '--trust-from', source]);
  else git(dir, ['fetch', '-q', source, 'refs/gatos/policies/*:refs/gatos/policies/*']);
  return dir;
}

/** Wall time (ms) of pushing the client's journals to `remote`; throws when the push is refused. */
async function push(source, remote) {
  let r;
  const ms = await time(() => {
    r = spawnSync('git', ['push', '-q', `file://${remote}`, 'refs/gatos/journal/*:refs/gatos/journal/*'], { cwd: source, env, encoding: 'utf8' });
  });
  if (r.status !== 0) throw new Error(`push to ${remote} failed: ${r.stderr}`);
  return ms;
}

{
  const source = client(SMALL);
  const gated = [];
  const plain = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(await push(source, bare(source, false)));
    gated.push(await push(source, bare(source, true)));
  }
  const g = median(gated) / 1000;
  const p = median(plain) / 1000;
  report('gate', `push_${SMALL}_events_gated`, g, 's', p, `baseline: the same push to an ungated bare repository, median of ${RUNS}`);
  report('gate', `gate_overhead_${SMALL}_events`, g - p, 's', p, 'gated minus ungated push time; baseline: ungated push');
}
{
  const source = client(LARGE);
  const p = (await push(source, bare(source, false))) / 1000;
  const g = (await push(source, bare(source, true))) / 1000;
  report('gate', `push_${LARGE}_events_gated`, g, 's', p, 'target under 5 s; baseline: ungated push');
}
printJsonLines();
