import type { Violation } from './violation.js';
import { requiredTrailersVerifier, type StateUpdateVerifier } from './stateUpdateVerifier.js';

/**
 * Replays the Proof-of-Fold of every new checkpoint in a `refs/gatos/state/**` update (SPEC-DIGEST
 * §12 item 13): the checkpoint must carry the required trailers, and `verifyCheckpoint` — trailers vs
 * envelope, artefact and policy hashes, window ancestry, replay from genesis — must say "verified".
 * The journals and policy a checkpoint covers must already be on the server or in the same push.
 * The fold engine is loaded only when a state ref is pushed.
 */
export const proofOfFoldVerifier: StateUpdateVerifier = {
  async verify(request) {
    const missing = await requiredTrailersVerifier.verify(request);
    if (missing.length > 0) return missing;
    const { verifyCheckpoint } = await import('@gatos/echo');
    const out: Violation[] = [];
    for (const { oid } of request.commits) {
      const report = await verifyCheckpoint({ objects: request.objects }, oid);
      if (report.verdict === 'verified') continue;
      const failed = report.checks.filter((c) => !c.ok);
      const first = failed[0];
      const detail = first ? `${first.id}: ${first.detail}${first.expected !== undefined ? ` (expected ${first.expected}, got ${first.actual})` : ''}` : report.verdict;
      out.push({
        rule: report.verdict === 'unverifiable' ? 'gatos.state.pof-unverifiable' : 'gatos.state.pof-mismatch',
        ref: request.update.ref,
        commit: oid,
        reason: `checkpoint ${oid}: ${detail}${failed.length > 1 ? ` (+${failed.length - 1} more failed checks; run git gatos fold verify ${oid})` : ''}`,
      });
    }
    return out;
  },
};
