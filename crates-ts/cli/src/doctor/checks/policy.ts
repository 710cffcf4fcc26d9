import { readPolicyLog } from '@gatos/policy';
import type { Check, Finding } from '../finding.js';

/**
 * `policy.inactive-bundle` (info): a published bundle (`refs/gatos/policies/<id>`) that is not on the
 * active lineage, so nothing enforces it; usually a bundle awaiting activation, or a forgotten one.
 */
export const policyCheck: Check = {
  name: 'policy',
  async run({ repo }) {
    const log = await readPolicyLog(repo);
    return log.inactive.map((b): Finding => ({
      id: 'policy.inactive-bundle',
      severity: 'info',
      subject: b.ref ?? b.commit,
      message: `bundle ${b.bundleId} (${b.commit}) is published but not on the active policy's lineage${b.invalid ? `, and does not load: ${b.invalid}` : ''}`,
      remedy: `activate it (git gatos policy activate ${b.bundleId}) or delete the ref if it is abandoned`,
    }));
  },
};
