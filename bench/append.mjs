// bench/append: single-event append latency through the CLI, and batch append throughput for 20,000
// events, each beside a git baseline measured in the same run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { env, fastImportBaseline, gatos, git, initRepo, median, printJsonLines, report, time } from './lib.mjs';

const N = Number(process.env.BENCH_EVENTS ?? 20000);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 15);

// 1. Single append via the CLI (process start included) vs writing one commit with git plumbing.
{
  const { repo, home } = initRepo('single');
  const ms = [];
  for (let i = 0; i < SINGLE; i++) {
    ms.push(await time(() => gatos(repo, ['event', 'append', '--ns', 'bench', '--type', 'tick', '--payload', `{"i":${i}}`], { GATOS_HOME: home })));
  }
  const plumbing = [];
  for (let i = 0; i < SINGLE; i++) {
    plumbing.push(await time(() => {
      const blob = git(repo, ['hash-object', '-w', '--stdin'], `payload ${i}`);
      const tree = git(repo, ['mktree'], `100644 blob ${blob}\tevent.cbor\n`);
      const parent = spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/bench/plain'], { cwd: repo, env, encoding: 'utf8' }).stdout.trim();
      const commit = git(repo, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', 'tick']);
      execFileSync('git', ['update-ref', 'refs/bench/plain', commit], { cwd: repo, env });
    }));
  }
  report('append', 'single_append_latency_median', median(ms), 'ms', median(plumbing), 'baseline: git hash-object+mktree+commit-tree+update-ref');
}

// 2. Batch append of N events in one CLI process vs git fast-import of N equivalent commits.
{
  const { repo, home } = initRepo('batch');
  const file = join(repo, '..', 'events.jsonl');
  writeFileSync(file, Array.from({ length: N }, (_, i) => JSON.stringify({ type: 'tick', payload: { i, account: `acct-${i % 97}`, amount: i * 7 } })).join('\n'));
  const ms = await time(() => gatos(repo, ['event', 'append', '--ns', 'bench', '--batch', file], { GATOS_HOME: home }));
  const count = Number(git(repo, ['rev-list', '--count', 'refs/gatos/journal/bench/user/alice']));
  if (count !== N) throw new Error(`expected ${N} commits, found ${count}`);
  const base = fastImportBaseline(N, 180);
  report('append', 'batch_append_events_per_s', N / (ms / 1000), 'events/s', base.rate, `baseline: git fast-import of ${N} commits`);
}
printJsonLines();
