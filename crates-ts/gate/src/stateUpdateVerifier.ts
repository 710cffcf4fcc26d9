import { decodeCommit, parseMessage, type ObjectStore, type Oid } from '@gatos/core';
import type { PushUpdate } from './pushUpdate.js';
import type { Violation } from './violation.js';

/** What a state verifier gets for one `refs/gatos/state/**` update that already passed the ref rules. */
export interface StateUpdateRequest {
  readonly update: PushUpdate;
  /** New commits (reachable from new, not from old), parents first. */
  readonly commits: ReadonlyArray<{ readonly oid: Oid; readonly parents: readonly Oid[] }>;
  readonly objects: ObjectStore;
  /** The gate's active policy commit after this push, or null when none. */
  readonly policyRoot: Oid | null;
}

/**
 * Checks state checkpoint updates. Injected into `evaluatePush`, so the Proof-of-Fold verifier can
 * replace the default without touching the gate. Reports rules under `gatos.state.*` only.
 */
export interface StateUpdateVerifier {
  /** Resolves with the reasons to refuse (empty = accepted). Must not write anything. */
  verify(request: StateUpdateRequest): Promise<Violation[]>;
}

/** The trailers every checkpoint must carry (SPEC-DIGEST §3, "verifier-required"). */
export const REQUIRED_STATE_TRAILERS = ['State-Root', 'Ledger-Head', 'Policy-Root', 'Fold-Engine', 'Fold-Root'] as const;

/**
 * The default verifier: every new checkpoint commit carries the five required trailers
 * (`gatos.state.pof-missing` otherwise). It does not re-run the fold; the Proof-of-Fold verifier does.
 *
 * @example
 * const violations = await requiredTrailersVerifier.verify({ update, commits, objects, policyRoot });
 */
export const requiredTrailersVerifier: StateUpdateVerifier = {
  async verify({ update, commits, objects }) {
    const raws = await objects.readMany(commits.map((c) => c.oid));
    const out: Violation[] = [];
    raws.forEach((raw, i) => {
      const commit = commits[i]!.oid;
      let present = new Set<string>();
      try {
        if (raw.type === 'commit') present = new Set(parseMessage(decodeCommit(raw.body).message).trailers.map(([k]) => k.toLowerCase()));
      } catch {
        // An undecodable commit carries no trailers; reported below like any other missing trailer.
      }
      const missing = REQUIRED_STATE_TRAILERS.filter((t) => !present.has(t.toLowerCase()));
      if (missing.length > 0) {
        out.push({ rule: 'gatos.state.pof-missing', ref: update.ref, commit, reason: `checkpoint ${commit} lacks ${missing.join(', ')} (write checkpoints with \`git gatos fold\`)` });
      }
    });
    return out;
  },
};
