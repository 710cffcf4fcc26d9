import { GatosError, type ObjectStore, type Oid } from '@gatos/core';
import { loadBundle } from '@gatos/policy';
import type { CompiledFold } from '../foldSpec/compileFold.js';
import type { FoldLimits } from '../types.js';
import { loadCheckpoint } from './checkpointCommit.js';
import { chooseBase } from './chooseBase.js';
import { foldOnto } from './foldCheckpoint.js';
import { sortHeads, type LedgerHeads } from './ledgerHeads.js';
import { stateName } from './stateRef.js';

/**
 * The reconciling checkpoint of two diverged checkpoint chains (each node folded a different subset
 * before they synced): a merge commit whose parents are both tips in canonical order, whose heads are
 * the union (per journal, the descendant head), whose policy is the descendant of the two, and whose
 * state is the fold of the union. Every node computes the same commit, so state refs converge and stay
 * fast-forward-only. Writes the objects; moving a ref is the caller's decision.
 */
export async function reconcileCheckpoints(objects: ObjectStore, fold: CompiledFold, tipA: Oid, tipB: Oid, options: { limits?: Partial<FoldLimits> } = {}): Promise<{ commit: Oid; stateRoot: string }> {
  if (tipA === tipB) throw new GatosError('FOLD_NOTHING_TO_RECONCILE', `both tips are ${tipA}`);
  if (await objects.isAncestor(tipA, tipB)) return { commit: tipB, stateRoot: (await loadCheckpoint(objects, tipB)).pof.state_root };
  if (await objects.isAncestor(tipB, tipA)) return { commit: tipA, stateRoot: (await loadCheckpoint(objects, tipA)).pof.state_root };
  const [a, b] = await Promise.all([loadCheckpoint(objects, tipA), loadCheckpoint(objects, tipB)]);
  const heads = await unionHeads(objects, a.pof.ledger_end, b.pof.ledger_end);
  const policyRoot = await descendantOf(objects, a.pof.policy_root, b.pof.policy_root);
  const policy = { root: policyRoot, codeRoot: (await loadBundle(objects, policyRoot)).policyCodeRoot };
  const name = stateName(fold.spec.inputs);
  const base = await chooseBase(objects, [tipA, tipB], heads, fold.foldRoot, name);
  const built = await foldOnto(fold, base, heads, policy, [tipA, tipB], name, options.limits);
  await objects.write(built.objects);
  return { commit: built.oid, stateRoot: built.pof.state_root };
}

async function unionHeads(objects: ObjectStore, a: LedgerHeads, b: LedgerHeads): Promise<LedgerHeads> {
  const out: Record<string, Oid> = { ...a };
  for (const [ref, oid] of Object.entries(b)) {
    const mine = out[ref];
    if (!mine || mine === oid) out[ref] = oid;
    else if (await objects.isAncestor(mine, oid)) out[ref] = oid;
    else if (!(await objects.isAncestor(oid, mine))) {
      throw new GatosError('FOLD_JOURNAL_FORKED', `journal ${ref} has forked (${mine} and ${oid} do not descend from one another); journals only ever fast-forward`, {
        data: { ref, a: mine, b: oid }, exitClass: 'check',
      });
    }
  }
  return sortHeads(out);
}

async function descendantOf(objects: ObjectStore, a: Oid, b: Oid): Promise<Oid> {
  if (a === b || (await objects.isAncestor(b, a))) return a;
  if (await objects.isAncestor(a, b)) return b;
  throw new GatosError('FOLD_POLICY_CONFLICT', `the two checkpoints were folded under incomparable policies ${a} and ${b}; resolve the policy conflict first`, {
    data: { a, b }, exitClass: 'check',
  });
}
