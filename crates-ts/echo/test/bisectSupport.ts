import { appendEvents, type AppendedEvent, type EventInput } from '@gatos/ledger';
import type { LedgerFixture } from '@gatos/testkit';
import { compileFold, parseFoldSpec, type CompiledFold } from '../src/index.js';
import { clock, ulidAt } from './checkpointSupport.js';

/** A running balance over an `acct` namespace; the regression is a withdrawal that overdraws it. */
export function accountFold(): CompiledFold {
  const spec = parseFoldSpec('name: account\ninputs: [acct]\nentry: account.js\nversion: 1\n', 'account.yaml');
  const source = `export function init() { return { balance: 0, n: 0 }; }
export function step(s, e) {
  s.n += 1;
  if (e.type === 'deposit') s.balance += e.payload.amount;
  else if (e.type === 'withdraw') s.balance -= e.payload.amount;
  return s;
}
`;
  return compileFold(spec, source, 'account.js');
}

/** The check every bisect test uses: good while the balance is not negative. */
export const NON_NEGATIVE = 'export function check(state) { return state.balance >= 0; }\n';

/**
 * `count` events one second apart starting at second `from`: deposits of 10, except event `regression`
 * (0-based within the whole history) withdraws enough to overdraw for good.
 */
export function accountEvents(from: number, count: number, regression: number): EventInput[] {
  return Array.from({ length: count }, (_, j) => {
    const i = from + j;
    return i === regression
      ? { type: 'withdraw', ulid: ulidAt((i + 1) * 1000), payload: { amount: 1_000_000 } }
      : { type: 'deposit', ulid: ulidAt((i + 1) * 1000), payload: { amount: 10 } };
  });
}

export async function appendAccount(fx: LedgerFixture, actor: string, events: EventInput[]): Promise<AppendedEvent[]> {
  return appendEvents(fx.repo, 'acct', fx.signers[actor]!, events, { clock });
}

/** RFC 3339 of second `s` after 2026-11-01T00:00:00Z (events sit at whole seconds 1, 2, …). */
export function at(s: number): string {
  return new Date(Date.UTC(2026, 10, 1) + s * 1000).toISOString().replace('.000Z', 'Z');
}
