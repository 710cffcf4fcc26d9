import {
  GatosError, ZERO_OID, formatPublicKey, isGatosError, timestampToSeconds, ulidTime,
  type Clock, type EventEnvelope, type ObjectStore, type Oid, type VerifyPool,
} from '@gatos/core';
import { checkEntry, decodeEntry, eventAt, parseJournalRef, readJournal, type CheckedEntry, type JournalEntry } from '@gatos/ledger';
import type { TrustGraph } from '@gatos/policy';
import type { CommitBudget } from './commitBudget.js';
import type { GateLimits } from './gateLimits.js';
import type { GatePolicy } from './gatePolicy.js';
import { policyRuleViolation, policyRulesBroken, predicateFor, predicateViolations, type PredicateCandidate } from './policyRuleCheck.js';
import type { PushUpdate } from './pushUpdate.js';
import type { GateRuleId } from './ruleIds.js';
import type { Violation } from './violation.js';

export interface JournalCheckContext {
  readonly objects: ObjectStore;
  /** The active policy once this push lands, or null when the repository has none. */
  readonly policy: GatePolicy | null;
  /** The trust graph of a bundle commit, or the error that kept it from loading. */
  readonly trustOf: (commit: Oid) => Promise<TrustGraph | GatosError>;
  readonly limits: GateLimits;
  readonly clock: Clock;
  readonly pool: VerifyPool;
  readonly budget: CommitBudget;
}

/** checkEntry failure codes and the gate rule each one breaks; every other code is an encoding failure. */
const RULE_OF_CODE: Readonly<Record<string, GateRuleId>> = {
  EVENT_BAD_SIGNATURE: 'gatos.journal.signature',
  EVENT_ACTOR_MISMATCH: 'gatos.journal.actor-binding',
  EVENT_SIGNER_NOT_TRUSTED: 'gatos.journal.untrusted-key',
  EVENT_POLICY_UNKNOWN: 'gatos.journal.policy-root',
  JOURNAL_MERGE: 'gatos.journal.no-merge',
};

/** Events are read, decoded and verified this many at a time. */
const CHUNK = 2000;

/**
 * The journal rules for one update that passed the ref rules. Every new commit (reachable from new,
 * not from old) must be a strictly valid event commit (the ledger's `checkEntry`: encoding, Event-CID,
 * actor = ref actor, key trusted at the event's policy_root, signature, no merges), whose policy_root
 * is the active policy or one of its last `maxPolicyDepth` ancestors, whose key is not revoked in the
 * active policy, whose ULID follows the previous one (starting from the old tip's), that is not from
 * the future and not over the size cap, and that keeps the active bundle's policy-language rules
 * (ADR-0011: namespace writers, caps per type, per-namespace size, the namespace's predicate). Every failure is reported, not just the first.
 */
export async function checkJournalUpdate(update: PushUpdate, ctx: JournalCheckContext): Promise<Violation[]> {
  const { actor: refActor, ns } = parseJournalRef(update.ref)!;
  const out: Violation[] = [];
  if (ctx.policy === null) {
    return [{ rule: 'gatos.journal.policy-root', ref: update.ref, actor: refActor, reason: 'no policy is active in this repository: push refs/gatos/policies/active first (or install the gate with --trust-from)' }];
  }
  const policy = ctx.policy;
  const broken = policyRulesBroken(update.ref, policy);
  if (broken) return [broken];
  const trust = new Map<Oid, TrustGraph | GatosError>();
  const allowed = new Set(policy.lineage);
  const trustOf = (root: string): TrustGraph | GatosError =>
    (allowed.has(root) ? trust.get(root) : undefined) ??
    new GatosError('GATE_POLICY_ROOT', `policy_root ${root} is not the active policy ${policy.bundle.commit}${policy.lineage.length > 1 ? ` or one of its ${policy.lineage.length - 1} predecessors` : ''} (re-sign the event under the active policy)`);
  let lastUlid = update.old === ZERO_OID ? null : await tipUlid(ctx.objects, update.old);
  const latestMs = ctx.clock.now() + ctx.limits.maxFutureSkewMs;
  // Events that pass the data rules and whose namespace names a predicate: judged in one sandbox run at the end.
  const hasPredicate = predicateFor(ns, policy) !== null;
  const candidates: PredicateCandidate[] = [];

  // One-deep pipeline (as in the ledger's verifyJournals): the signatures of one chunk are checked
  // in the verify pool while the next chunk is read and decoded; verdicts are applied in chain order.
  let inFlight: Promise<void> = Promise.resolve();
  for await (const chunk of readJournal(ctx.objects, update.new, { exclude: update.old === ZERO_OID ? [] : [update.old], chunk: CHUNK })) {
    if (!ctx.budget.take(chunk.length)) {
      out.push({ rule: 'gatos.push.size', ref: update.ref, reason: `this push brings more than ${ctx.limits.maxCommitsPerPush} new commits; push in smaller batches` });
      break;
    }
    const oversize = chunk.map((e) => e.eventBytes !== null && e.eventBytes.length > ctx.limits.maxEventBytes);
    const decoded = chunk.map((e, i) => (oversize[i] ? null : decodeEntry(e)));
    for (const d of decoded) {
      if (d === null || d instanceof GatosError || trust.has(d.policy_root) || !allowed.has(d.policy_root)) continue;
      trust.set(d.policy_root, await ctx.trustOf(d.policy_root));
    }
    const checked = chunk.map((e, i) => (oversize[i] ? null : checkEntry(e, decoded[i] ?? null, refActor, trustOf, { deferSignature: true })));
    const verdicts = ctx.pool.verifyMany(checked.flatMap((c) => (c?.signatureCheck ? [c.signatureCheck] : [])));
    inFlight = inFlight.then(async () => {
      const ok = await verdicts;
      let next = 0;
      chunk.forEach((entry, i) => {
        const c = checked[i];
        if (!c) {
          out.push({ rule: 'gatos.journal.size', ref: update.ref, commit: entry.commit, actor: refActor, reason: `event.cbor of ${entry.commit} is ${entry.eventBytes!.length} bytes, over the ${ctx.limits.maxEventBytes}-byte cap (store large content as a blob pointer)` });
          return;
        }
        const signatureOk = c.signatureCheck ? ok[next++]! : true;
        out.push(...entryViolations(update.ref, entry, c, signatureOk, refActor));
        const env = c.envelope;
        if (env === null) return;
        out.push(...extraViolations(update.ref, entry.commit, env, c, policy, { latestMs, skewMs: ctx.limits.maxFutureSkewMs }, lastUlid));
        const ruled = policyRuleViolation(update.ref, ns, entry.commit, env, entry.eventBytes?.length ?? 0, policy);
        if (ruled) out.push(ruled);
        else if (hasPredicate) candidates.push({ commit: entry.commit, env });
        lastUlid = env.ulid;
      });
    });
  }
  await inFlight;
  out.push(...(await predicateViolations(update.ref, ns, candidates, policy)));
  return out;
}

/** The ledger's per-event failures as gate violations, one per rule (reasons of the same rule joined). */
function entryViolations(ref: string, entry: JournalEntry, c: CheckedEntry, signatureOk: boolean, refActor: string): Violation[] {
  const byRule = new Map<GateRuleId, string[]>();
  const add = (rule: GateRuleId, reason: string): void => void byRule.set(rule, [...(byRule.get(rule) ?? []), reason]);
  for (const f of c.failures) add(RULE_OF_CODE[f.code] ?? 'gatos.journal.encoding', f.reason);
  if (!signatureOk) add('gatos.journal.signature', `signature does not verify under ${formatPublicKey(c.signatureCheck!.publicKey)}`);
  const actor = c.envelope?.actor ?? refActor;
  return [...byRule].map(([rule, reasons]) => ({ rule, ref, commit: entry.commit, actor, reason: `${entry.commit}: ${reasons.join('; ')}` }));
}

/** Rules the ledger's per-event check does not cover: future skew, revocation under the active policy, ULID order. */
function extraViolations(
  ref: string,
  commit: Oid,
  env: EventEnvelope,
  c: CheckedEntry,
  policy: GatePolicy,
  time: { latestMs: number; skewMs: number },
  lastUlid: string | null,
): Violation[] {
  const out: Violation[] = [];
  const v = (rule: GateRuleId, reason: string): void => void out.push({ rule, ref, commit, actor: env.actor, reason: `${commit}: ${reason}` });
  const times = [ulidTime(env.ulid), env.ts !== undefined ? timestampToSeconds(env.ts) * 1000 : 0];
  if (Math.max(...times) > time.latestMs) {
    v('gatos.journal.future-skew', `event time ${new Date(Math.max(...times)).toISOString()} is more than ${time.skewMs / 1000} s ahead of the gate's clock`);
  }
  if (c.signatureCheck && !c.failures.some((f) => f.code === 'EVENT_SIGNER_NOT_TRUSTED')) {
    const key = formatPublicKey(c.signatureCheck.publicKey);
    if (policy.bundle.trust.actors[env.actor]?.revoked_keys.includes(key)) {
      v('gatos.journal.untrusted-key', `key ${key} of ${env.actor} is revoked in the active policy ${policy.bundle.commit}`);
    }
  }
  if (lastUlid !== null && env.ulid <= lastUlid) {
    v('gatos.journal.ulid-order', `ULID ${env.ulid} does not follow ${lastUlid}${env.ulid === lastUlid ? ' (replayed)' : ''}; ULIDs must strictly increase along the journal`);
  }
  return out;
}

/** The ULID of the event at the old tip, or null when it cannot be decoded (then only new commits are ordered). */
async function tipUlid(objects: ObjectStore, commit: Oid): Promise<string | null> {
  try {
    return (await eventAt(objects, commit)).ulid;
  } catch (err) {
    if (isGatosError(err)) return null;
    throw err;
  }
}
