import { classifyRef, refNameProblem as layoutProblem } from '@gatos/gate';
import { refNameProblem as gitNameProblem } from '@gatos/git';
import type { Check, Finding } from '../finding.js';
import { rawGatosRefs } from '../rawRefs.js';

/**
 * `ref.bad-name`: a ref under `refs/gatos/` that breaks git's name rules or the gatos layout for its
 * kind (the gate's own `refNameProblem`, so doctor and the gate never disagree).
 * `ref.dangling`: a ref naming an object the repository does not have.
 */
export const refsCheck: Check = {
  name: 'refs',
  async run({ repo }) {
    const findings: Finding[] = [];
    for (const { ref, oid } of rawGatosRefs(repo)) {
      const problem = gitNameProblem(ref) ?? layoutProblem(ref, classifyRef(ref));
      if (problem !== null) {
        findings.push({ id: 'ref.bad-name', severity: 'error', subject: ref, message: `${ref} ${problem}`, remedy: `move it to a well-formed name or delete it: git update-ref -d ${ref}` });
      }
      if (!(await repo.objects.has(oid))) {
        findings.push({ id: 'ref.dangling', severity: 'error', subject: ref, message: `${ref} names ${oid}, which is not in the object store`, remedy: `fetch the missing object from a peer, or delete the ref: git update-ref -d ${ref}` });
      }
    }
    return findings;
  },
};
