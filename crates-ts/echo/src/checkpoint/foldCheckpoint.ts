import { GatosError, blake3Hex, canonicalJsonBytes, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { ACTIVE_POLICY_REF, loadBundle } from '@gatos/policy';
import { runFold } from '../runFold.js';
import { engineId } from '../engine/loadEngine.js';
import type { FoldLimits, FoldState } from '../types.js';
import type { CompiledFold } from '../foldSpec/compileFold.js';
import { buildCheckpoint } from './checkpointCommit.js';
import { chooseBase, type FoldBase } from './chooseBase.js';
import { currentHeads } from './currentHeads.js';
import { foldKey } from './foldOrder.js';
import type { LedgerHeads } from './ledgerHeads.js';
import type { PofEnvelope } from './pofEnvelope.js';
import { stateName, stateRef } from './stateRef.js';

export interface FoldResult {
  readonly ref: string;
  readonly commit: Oid;
  readonly previous: Oid | null;
  /** False when the checkpoint already covered exactly these heads with this fold and policy. */
  readonly changed: boolean;
  readonly stateRoot: string;
  /** Events in the state since genesis. */
  readonly events: number;
  /** Events folded by this run. */
  readonly folded: number;
  /** The checkpoint this one was folded on top of (null = genesis). */
  readonly base: Oid | null;
  /** True when late events forced a refold from an older checkpoint (or genesis). */
  readonly rewound: boolean;
}

/**
 * `git gatos fold`: folds the journals of the fold's input namespaces into a checkpoint on
 * `refs/gatos/state/<name>` (fast-forward only: parent = the previous checkpoint), resuming from the
 * newest usable checkpoint. A runaway or failing fold throws its FOLD_* error and writes nothing.
 */
export async function foldCheckpoint(
  store: { objects: ObjectStore; refs: RefStore },
  fold: CompiledFold,
  options: { limits?: Partial<FoldLimits> } = {},
): Promise<FoldResult> {
  const plan = await planFold(store, fold);
  const { ref, previous, base } = plan;
  if (plan.unchanged) {
    return { ref, commit: previous!, previous, changed: false, stateRoot: base.checkpoint!.pof.state_root, events: base.checkpoint!.pof.events, folded: 0, base: previous, rewound: false };
  }
  const built = await foldOnto(fold, base, plan.heads, plan.policy, previous ? [previous] : [], plan.name, options.limits);
  await store.objects.write(built.objects);
  await store.refs.compareAndSwap(ref, previous, built.oid);
  return {
    ref, commit: built.oid, previous, changed: true, stateRoot: built.pof.state_root, events: built.pof.events,
    folded: base.delta.events.length, base: base.checkpoint?.commit ?? null, rewound: base.rewound,
  };
}

/** The state a fold gives over the current journals, computed without writing anything. */
export interface FoldPreview {
  readonly state: FoldState;
  readonly stateRoot: string;
  /** Events in the state since genesis. */
  readonly events: number;
  /** The checkpoint on `refs/gatos/state/<name>` now, and whether it already holds exactly this state. */
  readonly checkpoint: Oid | null;
  readonly upToDate: boolean;
}

/**
 * What `foldCheckpoint` would write, without writing it: resumes from the newest usable checkpoint
 * and folds the events after it in memory (for read-only views such as `git gatos job status`).
 */
export async function previewFold(store: { objects: ObjectStore; refs: RefStore }, fold: CompiledFold, options: { limits?: Partial<FoldLimits> } = {}): Promise<FoldPreview> {
  const plan = await planFold(store, fold);
  if (plan.unchanged) {
    const pof = plan.base.checkpoint!.pof;
    return { state: plan.base.state!, stateRoot: pof.state_root, events: pof.events, checkpoint: plan.previous, upToDate: true };
  }
  const built = await foldOnto(fold, plan.base, plan.heads, plan.policy, [], plan.name, options.limits);
  return { state: built.state, stateRoot: built.pof.state_root, events: built.pof.events, checkpoint: plan.previous, upToDate: false };
}

async function planFold(store: { objects: ObjectStore; refs: RefStore }, fold: CompiledFold) {
  const name = stateName(fold.spec.inputs);
  const ref = stateRef(fold.spec.inputs);
  const policy = await activePolicy(store);
  const heads = await currentHeads(store.refs, fold.spec.inputs);
  const previous = await store.refs.read(ref);
  const base = await chooseBase(store.objects, previous ? [previous] : [], heads, fold.foldRoot, name);
  const unchanged =
    base.checkpoint !== null && base.checkpoint.commit === previous && base.delta.events.length === 0 &&
    base.checkpoint.pof.policy_root === policy.root && sameHeads(base.checkpoint.pof.ledger_end, heads);
  return { name, ref, policy, heads, previous, base, unchanged };
}

/** Folds `base.delta` onto `base` and builds (does not write) the checkpoint commit. */
export async function foldOnto(
  fold: CompiledFold,
  base: FoldBase,
  heads: LedgerHeads,
  policy: { root: Oid; codeRoot: string },
  parents: readonly Oid[],
  name: string,
  limits?: Partial<FoldLimits>,
): Promise<ReturnType<typeof buildCheckpoint> & { pof: PofEnvelope; state: FoldState }> {
  const events = base.delta.events;
  const result = await runFold({
    source: fold.source,
    filename: `${fold.spec.name}:${fold.spec.entry}`,
    ...(base.state !== null ? { initialState: base.state } : {}),
    batches: [events],
    ...(limits ? { limits } : {}),
  });
  const last = events.length > 0 ? foldKey(events[events.length - 1]!) : (base.checkpoint?.pof.last ?? null);
  const pof: PofEnvelope = {
    type: 'pof',
    v: 1,
    ns: name,
    inputs: [...fold.spec.inputs],
    ledger_start: base.checkpoint?.pof.ledger_end ?? {},
    ledger_end: heads,
    policy_root: policy.root,
    policy_code_root: `sha256:${policy.codeRoot}`,
    fold_id: fold.foldId,
    fold_root: fold.foldRoot,
    fold_engine: engineId(),
    fold_version: fold.spec.version,
    state_root: `blake3:${blake3Hex(canonicalJsonBytes(result.state))}`,
    events: (base.checkpoint?.pof.events ?? 0) + events.length,
    last,
  };
  const time = Math.max(base.checkpoint?.time ?? 0, base.delta.maxTime);
  return { ...buildCheckpoint({ pof, state: result.state, gfc: fold.gfc, parents, time }), pof, state: result.state };
}

async function activePolicy(store: { objects: ObjectStore; refs: RefStore }): Promise<{ root: Oid; codeRoot: string }> {
  const root = await store.refs.read(ACTIVE_POLICY_REF);
  if (!root) throw new GatosError('FOLD_NO_POLICY', `no active policy bundle (${ACTIVE_POLICY_REF}); run \`git gatos init\` first`);
  return { root, codeRoot: (await loadBundle(store.objects, root)).policyCodeRoot };
}

function sameHeads(a: LedgerHeads, b: LedgerHeads): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
