import { isGatosError, formatTimestamp, type Clock, type ObjectStore, type RefStore } from '@gatos/core';
import {
  MBUS_ACK_PREFIX, MBUS_COMMIT_PREFIX, activeConsumers, assertConsumer, assertTopic, checkAckChain, checkCommitmentChain,
  checkSegmentReplacement, compareOffsets, formatOffset, isRewritableBusRef, listSegments, parseHeadRef, parseOffset, parseSegmentRef,
} from '@gatos/mind';
import type { TrustGraph } from '@gatos/policy';
import { overlayStore } from './governanceOverlay.js';
import { isCreate, type PushUpdate } from './pushUpdate.js';
import type { Violation } from './violation.js';

type Store = { objects: ObjectStore; refs: RefStore };

export interface BusRuleContext {
  /** The trust graph of the active policy after the push (null: none, and the bus rules fail closed). */
  readonly trust: TrustGraph | null;
  readonly clock: Clock;
  /** Consumers that acknowledged within this window hold pruning back (`gatos.gate.busActiveWithinSeconds`). */
  readonly activeWithinMs: number;
}

/** `fn(name)` succeeds. */
const valid = (fn: (name: string) => void, name: string): boolean => {
  try {
    fn(name);
    return true;
  } catch {
    return false;
  }
};

/**
 * Bus refs whose non-fast-forward updates `checkBusUpdates` judges instead of `gatos.ref.fast-forward`
 * (segments and heads: see `isRewritableBusRef`).
 */
export const busRewritable = isRewritableBusRef;

/**
 * The `gatos.mbus.*` rules (ADR-0010 "Pruning on shared remotes", "Commitments"), over the refs as they
 * would be after the push (`overlayStore`). At most one violation per ref. Reads only.
 * - `gatos.mbus.prune`: a segment ref that does not fast-forward must move to a valid summary of exactly
 *   the messages the server holds on it (`checkSegmentReplacement`), and no consumer that acknowledged
 *   within the activity window may have its low-water mark below the summary's last offset (CH6).
 *   A created segment ref holding a summary must pass the summary checks.
 * - `gatos.mbus.head`: a head that does not fast-forward must point at the tip of its topic's newest segment.
 * - `gatos.mbus.ack`: the commits a push adds to `refs/gatos/mbus-ack/<topic>/<consumer>` verify (`checkAckChain`).
 * - `gatos.mbus.commitment`: the commits a push adds to `refs/gatos/mbus-commit/<topic>` verify against
 *   the ack chains (`checkCommitmentChain`: signature, and the acks show the quorum).
 *
 * @example
 * const violations = await checkBusUpdates(repo, updates, { trust, clock: systemClock, activeWithinMs: 30 * 86400_000 });
 */
export async function checkBusUpdates(store: Store, updates: readonly PushUpdate[], context: BusRuleContext): Promise<Violation[]> {
  const view = overlayStore(store, updates);
  const out: Violation[] = [];
  for (const u of updates) {
    const v = await checkOne(store, view, u, context);
    if (v !== null) out.push(v);
  }
  return out;
}

async function checkOne(store: Store, view: Store, u: PushUpdate, context: BusRuleContext): Promise<Violation | null> {
  const deny = (rule: Violation['rule'], reason: string): Violation => ({ rule, ref: u.ref, commit: u.new, reason });
  const noPolicy = 'no active policy, so no key is trusted to sign bus records (push the policy bundle first)';
  const forward = async (): Promise<boolean> => !isCreate(u) && (await store.objects.isAncestor(u.old, u.new));

  const segment = parseSegmentRef(u.ref);
  if (segment !== null) {
    if (await forward()) return null;
    if (context.trust === null) return deny('gatos.mbus.prune', noPolicy);
    const r = await checkSegmentReplacement(store.objects, { ref: u.ref, old: isCreate(u) ? null : u.old, next: u.new }, context.trust);
    if ('code' in r) return isCreate(u) && r.code === 'BUS_NOT_A_SUMMARY' ? null : deny('gatos.mbus.prune', `${r.reason} [${r.code}]`);
    if (isCreate(u)) return null;
    return retentionProblem(view, r.topic, r.summary.last_offset, context).then((why) => (why === null ? null : deny('gatos.mbus.prune', why)));
  }

  const topic = parseHeadRef(u.ref);
  if (topic !== null) {
    if (isCreate(u) || (await forward())) return null;
    const newest = (await listSegments(view.refs, topic)).segments.at(-1);
    if (newest?.tip === u.new) return null;
    return deny('gatos.mbus.head', `${u.new} is not the tip of the newest segment of ${topic} (${newest ? `${newest.ref} at ${newest.tip}` : 'none'}); a head moves back only to follow a rotation or a prune of its segment, pushed with it`);
  }

  if (u.ref.startsWith(MBUS_ACK_PREFIX)) {
    const [ackTopic, consumer, ...rest] = u.ref.slice(MBUS_ACK_PREFIX.length).split('/');
    if (rest.length > 0 || !valid(assertTopic, ackTopic ?? '') || !valid(assertConsumer, consumer ?? '')) return deny('gatos.ref.bad-name', `${u.ref} is not refs/gatos/mbus-ack/<topic>/<consumer>`);
    if (context.trust === null) return deny('gatos.mbus.ack', noPolicy);
    const { failures } = await checkAckChain(store.objects, u.new, ackTopic!, consumer!, context.trust, { since: isCreate(u) ? null : u.old });
    const f = failures[0];
    return f ? deny('gatos.mbus.ack', `ack ${f.commit}: ${f.reason} [${f.code}]${more(failures.length)}`) : null;
  }

  if (u.ref.startsWith(MBUS_COMMIT_PREFIX)) {
    const commitTopic = u.ref.slice(MBUS_COMMIT_PREFIX.length);
    if (!valid(assertTopic, commitTopic)) return deny('gatos.ref.bad-name', `${u.ref} is not refs/gatos/mbus-commit/<topic>`);
    if (context.trust === null) return deny('gatos.mbus.commitment', noPolicy);
    const { failures } = await checkCommitmentChain(view, commitTopic, u.new, context.trust, { since: isCreate(u) ? null : u.old });
    const f = failures[0];
    return f ? deny('gatos.mbus.commitment', `commitment ${f.commit}: ${f.reason} [${f.code}]${more(failures.length)}`) : null;
  }
  return null;
}

const more = (n: number): string => (n > 1 ? ` (and ${n - 1} more failures)` : '');

/**
 * SPEC CH6 on the server: why pruning through `lastOffset` would drop messages an active consumer has
 * not acknowledged, or null. Active = newest ack (after the push) within the window of the gate's clock;
 * an unreadable ack state blocks (its low-water mark is unknown).
 */
async function retentionProblem(view: Store, topic: string, lastOffset: string, context: BusRuleContext): Promise<string | null> {
  const windowText = `${Math.round(context.activeWithinMs / 1000)}s`;
  let consumers;
  try {
    consumers = await activeConsumers(view, topic, context.clock.now() - context.activeWithinMs);
  } catch (err) {
    if (!isGatosError(err)) throw err;
    return `${err.message}; nothing is pruned under an unknown low-water mark`;
  }
  const last = parseOffset(lastOffset);
  const blocker = consumers.find((c) => c.lowWater === null || compareOffsets(c.lowWater, last) < 0);
  if (!blocker) return null;
  return `consumer ${blocker.consumer} is active (last ack ${formatTimestamp(Math.floor(blocker.lastAckMs / 1000))}, within ${windowText}) and has acknowledged ${blocker.lowWater ? `only through ${formatOffset(blocker.lowWater)}` : 'nothing'}, `
    + `before the pruned segment's last offset ${lastOffset}; nothing above an active consumer's low-water mark is pruned (window: git config gatos.gate.busActiveWithinSeconds)`;
}
