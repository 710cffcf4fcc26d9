import { verifyJournals } from '@gatos/ledger';
import type { Check, Finding } from '../finding.js';

/** `journal.invalid`: every failure `verifyJournals` reports (signature, chain, merge, ULID order, ref layout). */
export const journalsCheck: Check = {
  name: 'journals',
  async run({ repo, progress }) {
    let last = 0;
    const report = await verifyJournals(repo, {
      onProgress: (events) => {
        if (events - last >= 10_000) {
          last = events;
          progress(`journals: ${events} events verified`);
        }
      },
    });
    return report.failures.map((f): Finding => ({
      id: 'journal.invalid',
      severity: 'error',
      subject: f.commit === null ? f.ref : `${f.ref}@${f.commit}`,
      message: `${f.ref}: ${f.reason} [${f.code}]`,
      remedy: `inspect with \`git gatos event verify --json\`; a forged or corrupted journal must be reset to its last good commit by its owner`,
    }));
  },
};
