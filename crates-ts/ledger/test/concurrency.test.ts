import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';
import { journalRef, verifyJournals, eventLog } from '../src/index.js';

const script = fileURLToPath(new URL('./fixtures/appendLoop.mjs', import.meta.url));
let fx: LedgerFixture;
afterEach(async () => fx?.cleanup());

function runLoop(args: string[]): { done: Promise<string>; kill(): void } {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<string>((resolve, reject) => {
    child.on('close', (code, signal) => (code === 0 || signal === 'SIGKILL' ? resolve(out) : reject(new Error(`appendLoop exited ${code}: ${err}`))));
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

const acks = (out: string): string[] => out.split('\n').filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));

describe('concurrent appenders (real processes)', () => {
  it('three processes appending to one journal lose no acknowledged event and never fork the chain', async () => {
    // Setup
    fx = await makeLedgerFixture(['user:alice']);
    // Test
    const runs = [0, 1, 2].map(() => runLoop([fx.tmp.dir, 'race', 'user:alice', '30', '1']));
    const outs = await Promise.all(runs.map((r) => r.done));
    const acked = outs.flatMap(acks);
    expect(acked).toHaveLength(90);
    const ref = journalRef('race', 'user:alice');
    expect(fx.tmp.git('rev-list', '--count', ref)).toBe('90');
    expect(fx.tmp.git('rev-list', '--merges', ref)).toBe('');
    const inJournal = new Set((await eventLog(fx.repo, { ns: 'race' })).map((e) => e.cid));
    expect(acked.every((cid) => inJournal.has(cid))).toBe(true);
    const retried = outs.filter((o) => Number(/retries (\d+)/.exec(o)![1]) > 0).length;
    expect(retried).toBeGreaterThanOrEqual(1);
    expect((await verifyJournals(fx.repo)).ok).toBe(true);
  });

  it('a process killed at random points leaves the ref at a complete commit every time', async () => {
    fx = await makeLedgerFixture(['user:alice']);
    const ref = journalRef('crash', 'user:alice');
    let acknowledged: string[] = [];
    for (let round = 0; round < 5; round++) {
      const run = runLoop([fx.tmp.dir, 'crash', 'user:alice', '100000', String(50 + round * 40)]);
      await new Promise((r) => setTimeout(r, 400 + round * 150));
      run.kill();
      acknowledged = acknowledged.concat(acks(await run.done));
      // fsck: dangling objects from the interrupted write are fine; missing or broken ones are not.
      fx.tmp.git('fsck', '--no-dangling', '--connectivity-only');
      const tip = await fx.repo.refs.read(ref);
      if (tip) expect(fx.tmp.git('cat-file', '-t', tip)).toBe('commit');
    }
    const report = await verifyJournals(fx.repo);
    expect(report.ok).toBe(true);
    const present = new Set((await eventLog(fx.repo, { ns: 'crash' })).map((e) => e.cid));
    expect(acknowledged.every((cid) => present.has(cid))).toBe(true);
  });
});
