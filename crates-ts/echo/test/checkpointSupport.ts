import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { type Clock } from '@gatos/core';
import { appendEvents, type EventInput } from '@gatos/ledger';
import { testGitEnv, type LedgerFixture } from '@gatos/testkit';
import { compileFold, parseFoldSpec, type CompiledFold } from '../src/index.js';

const example = (name: string): string => fileURLToPath(new URL(`../../../examples/hello-ops/gatos/folds/${name}`, import.meta.url));

/** The hello-ops balances fold, compiled. */
export function balancesFold(): CompiledFold {
  const spec = parseFoldSpec(readFileSync(example('balances.yaml'), 'utf8'), 'balances.yaml');
  return compileFold(spec, readFileSync(example('balances.js'), 'utf8'), 'balances.js');
}

export const clock: Clock = { now: () => Date.UTC(2026, 10, 1, 12, 0, 0) };

/** ULID for a fixed millisecond offset from 2026-11-01T00:00:00Z (deterministic, increasing with `ms`). */
export function ulidAt(ms: number, suffix = 'A'): string {
  const t = Date.UTC(2026, 10, 1) + ms;
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = '';
  let n = t;
  for (let i = 0; i < 10; i++) {
    time = alphabet[n % 32] + time;
    n = Math.floor(n / 32);
  }
  return `${time}${suffix.padEnd(16, '0')}`;
}

export async function invoices(fx: LedgerFixture, actor: string, items: Array<{ ms: number; invoice: string; customer: string; amount: number }>): Promise<void> {
  const inputs: EventInput[] = items.map((i) => ({ type: 'invoice.created', ulid: ulidAt(i.ms), payload: { invoice: i.invoice, customer: i.customer, amount: i.amount } }));
  await appendEvents(fx.repo, 'finance', fx.signers[actor]!, inputs, { clock });
}

export async function payments(fx: LedgerFixture, actor: string, items: Array<{ ms: number; invoice: string; amount: number }>): Promise<void> {
  const inputs: EventInput[] = items.map((i) => ({ type: 'payment.received', ulid: ulidAt(i.ms), payload: { invoice: i.invoice, amount: i.amount } }));
  await appendEvents(fx.repo, 'finance', fx.signers[actor]!, inputs, { clock });
}

/** `git fetch` of the given refspecs from one fixture repository into another. */
export function fetch(from: LedgerFixture, to: LedgerFixture, ...refspecs: string[]): void {
  execFileSync('git', ['fetch', '-q', from.tmp.dir, ...refspecs], { cwd: to.tmp.dir, env: testGitEnv });
}
