import { GatosError, assertNamespace, isGatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { bundleCache, type TrustGraph } from '@gatos/policy';
import { JOURNAL_PREFIX, parseJournalRef } from './journalRef.js';
import { readJournal } from './readJournal.js';
import { checkEntry, decodeEntry } from './checkEntry.js';

export interface VerifyFailure {
  readonly ref: string;
  readonly commit: Oid | null;
  readonly code: string;
  readonly reason: string;
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
 */
export async function verifyJournals(
  store: { objects: ObjectStore; refs: RefStore },
  options: { ns?: string; onProgress?: (events: number) => void } = {},
): Promise<VerifyReport> {
  if (options.ns !== undefined) assertNamespace(options.ns);
  const prefix = options.ns ? `${JOURNAL_PREFIX}${options.ns}/` : JOURNAL_PREFIX;
  const refs = await store.refs.list(prefix);
  const loadBundle = bundleCache(store.objects);
  const trustCache = new Map<string, TrustGraph | GatosError>();
  const failures: VerifyFailure[] = [];
  let events = 0;
  for (const { ref, oid } of refs) {
    const parsed = parseJournalRef(ref);
    if (!parsed) {
      failures.push({ ref, commit: oid, code: 'JOURNAL_BAD_REF', reason: 'not of the form refs/gatos/journal/<ns>/<kind>/<name>' });
      continue;
    }
    let lastUlid: string | null = null;
    let previous: Oid | null = null;
    for await (const chunk of readJournal(store.objects, oid)) {
      // Trust graphs are loaded ahead of the synchronous checks, once per distinct policy root.
      const decoded = chunk.map(decodeEntry);
      for (const d of decoded) {
        const root = d instanceof GatosError ? null : d.policy_root;
        if (root && !trustCache.has(root)) {
          trustCache.set(root, await loadBundle(root).then((b) => b.trust, (err: unknown) => (isGatosError(err) ? err : new GatosError('EVENT_POLICY_UNKNOWN', String(err)))));
        }
      }
      for (const [i, entry] of chunk.entries()) {
        events++;
        const checked = checkEntry(entry, decoded[i]!, parsed.actor, (root) => trustCache.get(root) ?? new GatosError('EVENT_POLICY_UNKNOWN', `policy ${root} not loaded`));
        for (const f of checked.failures) failures.push({ ref, commit: entry.commit, ...f });
        if (entry.parents.length === 1 && previous !== null && entry.parents[0] !== previous) {
          failures.push({ ref, commit: entry.commit, code: 'JOURNAL_NOT_LINEAR', reason: `parent ${entry.parents[0]} is not the previous journal commit ${previous}` });
        }
        previous = entry.commit;
        const ulid = checked.envelope?.ulid;
        if (ulid !== undefined) {
          if (lastUlid !== null && ulid <= lastUlid) {
            failures.push({ ref, commit: entry.commit, code: ulid === lastUlid ? 'JOURNAL_DUPLICATE_ULID' : 'JOURNAL_ULID_ORDER', reason: `ULID ${ulid} does not follow ${lastUlid}` });
          }
          lastUlid = ulid;
        }
      }
      options.onProgress?.(events);
    }
  }
  return { ok: failures.length === 0, journals: refs.length, events, failures };
}
