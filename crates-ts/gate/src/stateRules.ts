import { ZERO_OID, type ObjectStore, type Oid } from '@gatos/core';
import type { CommitBudget } from './commitBudget.js';
import type { GateLimits } from './gateLimits.js';
import type { PushUpdate } from './pushUpdate.js';
import type { StateUpdateVerifier } from './stateUpdateVerifier.js';
import type { Violation } from './violation.js';

export interface StateCheckContext {
  readonly objects: ObjectStore;
  readonly verifier: StateUpdateVerifier;
  readonly budget: CommitBudget;
  readonly limits: GateLimits;
  readonly policyRoot: Oid | null;
}

/**
 * The `refs/gatos/state/**` rules for an update that passed the ref rules (so it fast-forwards):
 * collects the new checkpoint commits within the push's commit budget and hands them to the injected
 * `StateUpdateVerifier`.
 */
export async function checkStateUpdate(update: PushUpdate, ctx: StateCheckContext): Promise<Violation[]> {
  const commits = await ctx.objects.walk(update.new, update.old === ZERO_OID ? [] : [update.old]);
  if (!ctx.budget.take(commits.length)) {
    return [{ rule: 'gatos.push.size', ref: update.ref, reason: `this push brings more than ${ctx.limits.maxCommitsPerPush} new commits; push checkpoints in smaller batches` }];
  }
  return ctx.verifier.verify({ update, commits, objects: ctx.objects, policyRoot: ctx.policyRoot });
}
