import { isGatosError, type ObjectStore } from '@gatos/core';
import { busRewritable } from './busRules.js';
import { FAST_FORWARD_KINDS, refNameProblem, type RefKind } from './classifyRef.js';
import { isCreate, isDelete, type PushUpdate } from './pushUpdate.js';
import type { Violation } from './violation.js';

/**
 * The ref-level rules, checked before anything is read from the pushed commits:
 * `gatos.ref.no-delete`, `gatos.ref.bad-name`, `gatos.ref.reserved`, `gatos.ref.create-only` and
 * `gatos.ref.fast-forward`. git's own `receive.denyNonFastForwards`/`denyDeletes` cover only
 * refs/heads/, so the gate enforces these itself (FIELD-NOTES, pre-receive).
 * Returns at most one violation: later rules make no sense for a ref that breaks these.
 */
export async function checkRefUpdate(objects: ObjectStore, update: PushUpdate, kind: RefKind): Promise<Violation | null> {
  const v = (rule: Violation['rule'], reason: string): Violation => ({ rule, ref: update.ref, reason });
  if (isDelete(update)) return v('gatos.ref.no-delete', `deleting ${update.ref} is not allowed; gatos history is append-only`);
  const badName = refNameProblem(update.ref, kind);
  if (badName !== null) return v('gatos.ref.bad-name', `${update.ref} ${badName}`);
  if (kind === 'audit-reserved') return v('gatos.ref.reserved', 'refs/gatos/audit/policy/ is written only by the gate; do not push it');
  if (kind === 'job-once' && !isCreate(update)) {
    return v('gatos.ref.create-only', `${update.ref} already exists at ${update.old}; a job and its result are written once`);
  }
  if (FAST_FORWARD_KINDS.has(kind) && !isCreate(update)) {
    const ff = await objects.isAncestor(update.old, update.new).catch((err: unknown) => {
      // A pushed tag or blob is not a commit: merge-base cannot place it in history.
      if (isGatosError(err)) return null;
      throw err;
    });
    // A prune or a rotation: judged by checkBusUpdates (gatos.mbus.prune, gatos.mbus.head).
    if (ff === false && kind === 'mbus' && busRewritable(update.ref)) return null;
    if (ff !== true) {
      return v('gatos.ref.fast-forward', ff === null
        ? `${update.new} is not a commit that descends from ${update.old}`
        : `${update.new} does not descend from ${update.old}; only fast-forward updates are allowed (fetch, rebuild on the current tip, push again)`);
    }
  }
  return null;
}
