// bench/fold: (1) the QuickJS fold alone vs the same reducer as plain JS in Node; (2) end-to-end
// `git gatos fold` over a 100,000-event journal vs the raw `git rev-list + cat-file --batch` read rate
// of that journal; (3) folding 100 new events on top of a 1,000-event vs a 100,000-event history.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { env, gatos, git, initRepo, printJsonLines, report, root, time } from './lib.mjs';

const N = Number(process.env.BENCH_EVENTS ?? 100000);
const echo = await import('@gatos/echo');
const { initHashes } = await import('@gatos/core');
await initHashes();

function events(n, offset = 0) {
  return Array.from({ length: n }, (_, i) => {
    const k = i + offset;
    return k % 3 === 2
      ? { type: 'payment.received', payload: { invoice: `inv-${k - 1}`, customer: `c-${(k - 1) % 250}`, amount: 100 } }
      : { type: 'invoice.created', payload: { invoice: `inv-${k}`, customer: `c-${k % 250}`, amount: 1000 + (k % 17) } };
  });
}

function repoWith(n, prefix) {
  const { repo, home } = initRepo(prefix);
  mkdirSync(join(repo, 'gatos/folds'), { recursive: true });
  cpSync(join(root, 'bench/folds'), join(repo, 'gatos/folds'), { recursive: true });
  const file = join(repo, '..', 'events.jsonl');
  writeFileSync(file, events(n).map((e) => JSON.stringify(e)).join('\n'));
  gatos(repo, ['event', 'append', '--ns', 'finance', '--batch', file], { GATOS_HOME: home });
  git(repo, ['gc', '-q']);
  return { repo, home };
}

// 1. Engine alone: the balances reducer over N in-memory events, QuickJS vs plain JS.
{
  const fold = echo.compileFoldFile(join(root, 'bench/folds/totals.yaml'));
  const foldEvents = events(N).map((e, i) => ({ cid: `c${i}`, actor: 'user:alice', ulid: String(i).padStart(26, '0'), type: e.type, payload: e.payload }));
  const run = (runner) => time(() => runner({ source: fold.source, batches: [foldEvents] }));
  await run(echo.runFold); // warm the wasm compile cache
  const qjs = await run(echo.runFold);
  const plain = await run(echo.runFoldReference);
  report('fold', 'quickjs_fold_events_per_s', N / (qjs / 1000), 'events/s', N / (plain / 1000), 'baseline: same reducer as plain JS in Node (target: within 8x)');
}

// 2. End to end over an N-event journal vs the raw read rate.
{
  const { repo, home } = repoWith(N, 'fold-e2e');
  const foldMs = await time(() => gatos(repo, ['fold', '--ns', 'finance', '--no-sign'], { GATOS_HOME: home }));
  const readMs = await time(async () => {
    const oids = git(repo, ['rev-list', 'refs/gatos/journal/finance/user/alice']).split('\n');
    await new Promise((resolve, reject) => {
      const p = spawn('git', ['cat-file', '--batch'], { cwd: repo, env, stdio: ['pipe', 'pipe', 'inherit'] });
      p.stdout.on('data', () => {});
      p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cat-file exited ${code}`))));
      p.stdin.end(oids.map((o) => `${o}:event.cbor\n`).join(''));
    });
  });
  report('fold', 'fold_end_to_end_events_per_s', N / (foldMs / 1000), 'events/s', N / (readMs / 1000), 'baseline: git rev-list + cat-file --batch of every event.cbor (target: at least 50%)');
}

// 3. Incremental: 100 new events on a short vs a long history.
{
  const incremental = async (history, prefix) => {
    const { repo, home } = repoWith(history, prefix);
    gatos(repo, ['fold', '--ns', 'finance', '--no-sign'], { GATOS_HOME: home });
    const file = join(repo, '..', 'more.jsonl');
    writeFileSync(file, events(100, history).map((e) => JSON.stringify(e)).join('\n'));
    gatos(repo, ['event', 'append', '--ns', 'finance', '--batch', file], { GATOS_HOME: home });
    return time(() => gatos(repo, ['fold', '--ns', 'finance', '--no-sign'], { GATOS_HOME: home }));
  };
  const small = await incremental(1000, 'fold-inc-small');
  const large = await incremental(N, 'fold-inc-large');
  report('fold', 'incremental_100_on_long_history_ms', large, 'ms', small, `baseline: 100 new events on a 1,000-event history; long = ${N} (target ratio under 1.5)`);
}
printJsonLines();
