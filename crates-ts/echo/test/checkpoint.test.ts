import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { blake3Hex, canonicalJsonBytes, isGatosError } from '@gatos/core';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';
import { compileFold, foldCheckpoint, loadCheckpoint, parseFoldSpec, reconcileCheckpoints, stateRef, verifyCheckpoint } from '../src/index.js';
import { balancesFold, fetch, invoices, payments } from './checkpointSupport.js';

const ACTORS = ['user:alice', 'user:bob', 'user:carol'];
const fixtures: LedgerFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});
async function fixture(): Promise<LedgerFixture> {
  const fx = await makeLedgerFixture(ACTORS);
  fixtures.push(fx);
  return fx;
}
const stateOf = async (fx: LedgerFixture, commit: string): Promise<unknown> =>
  JSON.parse(new TextDecoder().decode((await loadCheckpoint(fx.repo.objects, commit)).files.get('state/finance.json')));

/** alice invoices, bob pays; carol was offline and her invoices are older than everything else. */
async function ledger(fx: LedgerFixture): Promise<void> {
  await invoices(fx, 'user:alice', [{ ms: 1000, invoice: 'inv-1', customer: 'acme', amount: 1200 }, { ms: 3000, invoice: 'inv-2', customer: 'globex', amount: 450 }]);
  await payments(fx, 'user:bob', [{ ms: 4000, invoice: 'inv-1', amount: 1000 }, { ms: 5000, invoice: 'inv-2', amount: 450 }]);
  await invoices(fx, 'user:carol', [{ ms: 500, invoice: 'inv-0', customer: 'acme', amount: 70 }, { ms: 2000, invoice: 'inv-9', customer: 'initech', amount: 5 }]);
}

describe('golden vector', () => {
  it('a fixed journal and the balances fold give the pinned State-Root and state', async () => {
    const vector = JSON.parse(readFileSync(fileURLToPath(new URL('../../../spec/vectors/fold/state-root.json', import.meta.url)), 'utf8')) as {
      balances: { state_root: string; state: unknown; events: number }; empty: { state_root: string; state: unknown };
    };
    const fx = await fixture();
    const fold = balancesFold();
    const empty = await foldCheckpoint(fx.repo, fold);
    expect(empty.stateRoot).toBe(vector.empty.state_root);
    expect(await stateOf(fx, empty.commit)).toEqual(vector.empty.state);
    await ledger(fx);
    const full = await foldCheckpoint(fx.repo, fold);
    expect(full).toMatchObject({ stateRoot: vector.balances.state_root, events: vector.balances.events, changed: true });
    expect(await stateOf(fx, full.commit)).toEqual(vector.balances.state);
    expect(`blake3:${blake3Hex(canonicalJsonBytes(vector.balances.state))}`).toBe(vector.balances.state_root);
  });
});

describe('foldCheckpoint', () => {
  it('writes a fast-forward checkpoint with the trailers and files of a Proof-of-Fold, and is a no-op when nothing changed', async () => {
    const fx = await fixture();
    await ledger(fx);
    const fold = balancesFold();
    const first = await foldCheckpoint(fx.repo, fold);
    const msg = fx.tmp.git('log', '-1', '--format=%B', first.commit);
    for (const t of ['State-Root: blake3:', 'Ledger-Head: blake3:', `Policy-Root: ${fx.policyRoot}`, 'Policy-Code-Root: sha256:', 'Fold-Engine: qjs@', `Fold-Root: ${fold.foldRoot}`, 'Fold-Version: 1', 'Fold-Math: fixed-q32.32@1', 'Proof-Of-Fold: blake3:']) {
      expect(msg).toContain(t);
    }
    expect(fx.tmp.git('ls-tree', '--name-only', '-r', first.commit).split('\n').sort()).toEqual(['fold.gfc', 'ledger-heads.json', 'pof.cbor', 'state/finance.json']);
    const again = await foldCheckpoint(fx.repo, fold);
    expect(again).toMatchObject({ changed: false, commit: first.commit, folded: 0 });
    await payments(fx, 'user:bob', [{ ms: 6000, invoice: 'inv-0', amount: 70 }]);
    const third = await foldCheckpoint(fx.repo, fold);
    expect(third).toMatchObject({ changed: true, folded: 1, base: first.commit, rewound: false, events: 7 });
    expect(fx.tmp.git('rev-parse', `${third.commit}^`)).toBe(first.commit);
    expect((await verifyCheckpoint(fx.repo, third.commit)).verdict).toBe('verified');
  });

  it('rewinds when a late offline actor’s events sort before what was folded, and matches a one-shot fold', async () => {
    const fx = await fixture();
    const fold = balancesFold();
    await invoices(fx, 'user:alice', [{ ms: 1000, invoice: 'inv-1', customer: 'acme', amount: 1200 }]);
    const early = await foldCheckpoint(fx.repo, fold);
    await payments(fx, 'user:bob', [{ ms: 4000, invoice: 'inv-1', amount: 1000 }]);
    await foldCheckpoint(fx.repo, fold);
    await invoices(fx, 'user:carol', [{ ms: 2000, invoice: 'inv-9', customer: 'initech', amount: 5 }]); // late: before bob's payment
    const late = await foldCheckpoint(fx.repo, fold);
    expect(late).toMatchObject({ rewound: true, base: early.commit, folded: 2, events: 3 });
    const other = await fixture();
    fetch(fx, other, '+refs/gatos/journal/*:refs/gatos/journal/*');
    const oneShot = await foldCheckpoint(other.repo, fold);
    expect(oneShot.stateRoot).toBe(late.stateRoot);
  });

  it('ends a runaway fold with FOLD_FUEL_EXHAUSTED and writes no checkpoint', async () => {
    const fx = await fixture();
    await ledger(fx);
    const spec = parseFoldSpec('name: spin\ninputs: [finance]\nentry: spin.js\nversion: 1\n', 'spin.yaml');
    const spin = compileFold(spec, 'export function init() { return {}; }\nexport function step(s) { for (;;) {} }\n', 'spin.js');
    const err = await foldCheckpoint(fx.repo, spin, { limits: { fuelBase: 50, fuelPerEvent: 1 } }).catch((e: unknown) => e);
    expect(isGatosError(err, 'FOLD_FUEL_EXHAUSTED')).toBe(true);
    expect(await fx.repo.refs.read(stateRef(['finance']))).toBeNull();
  });
});

describe('convergence', () => {
  it('two repositories receiving the same events in different orders and batches reach the same State-Root and checkpoint ids', async () => {
    const source = await fixture();
    await ledger(source);
    const fold = balancesFold();
    // Node A gets everything at once.
    const a = await fixture();
    fetch(source, a, '+refs/gatos/journal/*:refs/gatos/journal/*');
    const aState = await foldCheckpoint(a.repo, fold);
    // Node B gets bob, then alice, then (late, offline) carol, folding after each batch.
    const b = await fixture();
    for (const actor of ['bob', 'alice', 'carol']) {
      fetch(source, b, `+refs/gatos/journal/finance/user/${actor}:refs/gatos/journal/finance/user/${actor}`);
      await foldCheckpoint(b.repo, fold);
    }
    const bState = await foldCheckpoint(b.repo, fold);
    expect(bState.stateRoot).toBe(aState.stateRoot);
    // Same heads on the same previous checkpoint: identical commit ids on both nodes.
    fetch(a, b, `+${aState.commit}:refs/gatos/state/finance`);
    await payments(source, 'user:bob', [{ ms: 9000, invoice: 'inv-9', amount: 5 }]);
    fetch(source, a, '+refs/gatos/journal/*:refs/gatos/journal/*');
    fetch(source, b, '+refs/gatos/journal/*:refs/gatos/journal/*');
    const [nextA, nextB] = [await foldCheckpoint(a.repo, fold), await foldCheckpoint(b.repo, fold)];
    expect(nextB.commit).toBe(nextA.commit);
    expect(nextB.stateRoot).toBe(nextA.stateRoot);
  });

  it('reconciles diverged checkpoint chains with the same merge commit on every node', async () => {
    const source = await fixture();
    await ledger(source);
    const fold = balancesFold();
    const a = await fixture();
    const b = await fixture();
    fetch(source, a, '+refs/gatos/journal/finance/user/alice:refs/gatos/journal/finance/user/alice');
    fetch(source, b, '+refs/gatos/journal/finance/user/bob:refs/gatos/journal/finance/user/bob', '+refs/gatos/journal/finance/user/carol:refs/gatos/journal/finance/user/carol');
    const tipA = (await foldCheckpoint(a.repo, fold)).commit;
    const tipB = (await foldCheckpoint(b.repo, fold)).commit;
    fetch(b, a, '+refs/gatos/journal/*:refs/gatos/journal/*', `+${tipB}:refs/remotes/b/state`);
    fetch(a, b, '+refs/gatos/journal/*:refs/gatos/journal/*', `+${tipA}:refs/remotes/a/state`);
    const onA = await reconcileCheckpoints(a.repo.objects, fold, tipA, tipB);
    const onB = await reconcileCheckpoints(b.repo.objects, fold, tipB, tipA);
    expect(onB.commit).toBe(onA.commit);
    expect(a.tmp.git('rev-list', '--parents', '-n', '1', onA.commit).split(' ').slice(1).sort()).toEqual([tipA, tipB].sort());
    const all = await fixture();
    fetch(source, all, '+refs/gatos/journal/*:refs/gatos/journal/*');
    expect(onA.stateRoot).toBe((await foldCheckpoint(all.repo, fold)).stateRoot);
    await a.repo.refs.compareAndSwap('refs/gatos/state/finance', tipA, onA.commit);
    expect((await verifyCheckpoint(a.repo, onA.commit)).verdict).toBe('verified');
  });
});
