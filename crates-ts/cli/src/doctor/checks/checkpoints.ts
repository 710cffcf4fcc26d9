import { isGatosError } from '@gatos/core';
import { STATE_PREFIX, loadCheckpoint, verifyCheckpoint } from '@gatos/echo';
import type { Check, Finding } from '../finding.js';

/**
 * `state.pof-missing`: a state ref whose tip is not a checkpoint with a Proof-of-Fold (no `pof.cbor`
 * or no `Proof-Of-Fold` trailer). With `--deep`, `state.pof-mismatch`: the PoF does not verify when
 * every event is replayed (`verifyCheckpoint`, the same check as `git gatos fold verify`).
 */
export const checkpointsCheck: Check = {
  name: 'checkpoints',
  async run({ repo, deep, progress }) {
    const findings: Finding[] = [];
    for (const { ref, oid } of await repo.refs.list(STATE_PREFIX)) {
      let why: string | null = null;
      try {
        const cp = await loadCheckpoint(repo.objects, oid);
        if ((cp.trailers.get('Proof-Of-Fold') ?? []).length !== 1) why = `checkpoint ${oid} has no single Proof-Of-Fold trailer`;
      } catch (err) {
        why = isGatosError(err) ? err.message : String(err);
      }
      if (why !== null) {
        findings.push({ id: 'state.pof-missing', severity: 'error', subject: `${ref}@${oid}`, message: `${ref}: ${why}`, remedy: `re-fold it: git gatos fold --ns ${ref.slice(STATE_PREFIX.length)}` });
        continue;
      }
      if (!deep) continue;
      progress(`checkpoints: replaying ${ref}`);
      const report = await verifyCheckpoint(repo, oid);
      if (report.verdict !== 'verified') {
        const failed = report.checks.filter((c) => !c.ok).map((c) => c.id);
        findings.push({
          id: 'state.pof-mismatch',
          severity: 'error',
          subject: `${ref}@${oid}`,
          message: `${ref}: Proof-of-Fold is ${report.verdict} (failed: ${failed.join(', ') || 'none listed'})`,
          remedy: `see \`git gatos fold verify ${oid}\`; re-fold with a trusted folder and reset the ref to the new checkpoint`,
        });
      }
    }
    return findings;
  },
};
