import { GatosError, assertNamespace, createVerifyPool, formatPublicKey, isGatosError, type ObjectStore, type Oid, type RefStore, type VerifyPool } from '@gatos/core';
import { bundleCache, type TrustGraph } from '@gatos/policy';
import { JOURNAL_PREFIX, parseJournalRef } from './journalRef.js';
import { readJournal, type JournalEntry } from './readJournal.js';
import { badSignature, checkEntry, decodeEntry, type CheckedEntry } from './checkEntry.js';

export interface VerifyFailure {
  readonly ref: string;
  readonly commit: Oid | null;
  readonly code: string;
  readonly reason: string;
}

/** Commits whose signature already verified (see `@gatos/git` loadSignatureCache). */
export interface VerifiedSignatures {
  has(commit: Oid): boolean;
  add(commit: Oid): void;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly journals: number;
  readonly events: number;
  readonly failures: VerifyFailure[];
}

/**
 * Verifies every journal (or those of `ns`): each commit's event passes `checkEntry`, the chain is
 * linear with no merges, ULIDs strictly increase (which also makes (ns, actor, ulid) unique).
 * Reports every failure with ref, commit and reason; never stops at the first.
 *
 * Signatures dominate the cost, so they are checked in worker threads, one chunk behind the
 * reading and decoding of the next chunk (a one-deep pipeline).
 */
export async function verifyJournals(
  store: { objects: ObjectStore; refs: RefStore },
  options: { ns?: string; onProgress?: (events: number) => void; signatureCache?: VerifiedSignatures } = {},
): Promise<VerifyReport> {
  if (options.ns !== undefined) assertNamespace(options.ns);
  const prefix = options.ns ? `${JOURNAL_PREFIX}${options.ns}/` : JOURNAL_PREFIX;
  const refs = await store.refs.list(prefix);
  const trustOf = trustLoader(store.objects);
  const failures: VerifyFailure[] = [];
  let events = 0;
  // Per event this thread also decodes and checks (~25 µs, measured) besides its share of signature
  // checks (~125 µs each here), so with one worker it takes a bit under half of the signatures.
  const pool = createVerifyPool({ callerShare: 0.45 });
  try {
    for (const { ref, oid } of refs) {
      const parsed = parseJournalRef(ref);
      if (!parsed) {
        failures.push({ ref, commit: oid, code: 'JOURNAL_BAD_REF', reason: 'not of the form refs/gatos/journal/<ns>/<kind>/<name>' });
        continue;
      }
      const order = chainOrder(ref, failures);
      let inFlight: Promise<void> = Promise.resolve();
      for await (const chunk of readJournal(store.objects, oid)) {
        const decoded = chunk.map(decodeEntry);
        await trustOf.prefetch(decoded);
        const checked = chunk.map((entry, i) => checkEntry(entry, decoded[i]!, parsed.actor, trustOf.get, { deferSignature: true }));
        const cache = options.signatureCache;
        const verdicts = verifySignatures(pool, checked, cache ? chunk.map((e) => cache.has(e.commit)) : []).then((ok) => {
          if (cache) chunk.forEach((e, i) => ok[i] && checked[i]!.signatureCheck && cache.add(e.commit));
          return ok;
        });
        const previous = inFlight;
        inFlight = previous.then(async () => {
          const sigOk = await verdicts;
          chunk.forEach((entry, i) => order(entry, checked[i]!, sigOk[i]!));
          events += chunk.length;
          options.onProgress?.(events);
        });
      }
      await inFlight;
    }
  } finally {
    await pool.close();
  }
  return { ok: failures.length === 0, journals: refs.length, events, failures };
}

/** Per journal: records an entry's failures and checks linearity and ULID order, in chain order. */
function chainOrder(ref: string, failures: VerifyFailure[]): (entry: JournalEntry, check: CheckedEntry, signatureOk: boolean) => void {
  let lastUlid: string | null = null;
  let previous: Oid | null = null;
  return (entry, check, signatureOk) => {
    const sigFailure = check.signatureCheck && !signatureOk ? [badSignature(formatPublicKey(check.signatureCheck.publicKey))] : [];
    for (const f of [...check.failures, ...sigFailure]) failures.push({ ref, commit: entry.commit, ...f });
    if (entry.parents.length === 1 && previous !== null && entry.parents[0] !== previous) {
      failures.push({ ref, commit: entry.commit, code: 'JOURNAL_NOT_LINEAR', reason: `parent ${entry.parents[0]} is not the previous journal commit ${previous}` });
    }
    previous = entry.commit;
    const ulid = check.envelope?.ulid;
    if (ulid !== undefined) {
      if (lastUlid !== null && ulid <= lastUlid) {
        failures.push({ ref, commit: entry.commit, code: ulid === lastUlid ? 'JOURNAL_DUPLICATE_ULID' : 'JOURNAL_ULID_ORDER', reason: `ULID ${ulid} does not follow ${lastUlid}` });
      }
      lastUlid = ulid;
    }
  };
}

/** Verdicts per entry (true when there was nothing to verify, or `known[i]` says it verified before). */
async function verifySignatures(pool: VerifyPool, checked: readonly CheckedEntry[], known: readonly boolean[]): Promise<boolean[]> {
  const needsCheck = (c: CheckedEntry, i: number): boolean => c.signatureCheck !== null && !known[i];
  const pending = checked.flatMap((c, i) => (needsCheck(c, i) ? [c.signatureCheck!] : []));
  const verdicts = await pool.verifyMany(pending);
  let v = 0;
  return checked.map((c, i) => (needsCheck(c, i) ? verdicts[v++]! : true));
}

/** Trust graphs by policy root, loaded once each and ahead of the synchronous checks. */
function trustLoader(objects: ObjectStore): { prefetch(decoded: ReadonlyArray<{ policy_root: string } | GatosError>): Promise<void>; get(root: string): TrustGraph | GatosError } {
  const loadBundle = bundleCache(objects);
  const cache = new Map<string, TrustGraph | GatosError>();
  return {
    async prefetch(decoded) {
      for (const d of decoded) {
        const root = d instanceof GatosError ? null : d.policy_root;
        if (root && !cache.has(root)) {
          cache.set(root, await loadBundle(root).then((b) => b.trust, (err: unknown) => (isGatosError(err) ? err : new GatosError('EVENT_POLICY_UNKNOWN', String(err)))));
        }
      }
    },
    get: (root) => cache.get(root) ?? new GatosError('EVENT_POLICY_UNKNOWN', `policy ${root} not loaded`),
  };
}
