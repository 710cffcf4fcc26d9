import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_FORWARD_KINDS, classifyRef } from '@gatos/gate';
import { isRewritableBusRef } from '@gatos/mind';
import type { Check, Finding } from '../finding.js';

const ZERO = /^0{40}$/;
const ENTRY = /^([0-9a-f]{40}) ([0-9a-f]{40}) /;

/**
 * `ref.non-ff` (error, "critical" in SPEC-DIGEST §10): a fast-forward-only ref (the gate's
 * `FAST_FORWARD_KINDS`) whose reflog shows a move to a commit that does not descend from the previous
 * one, i.e. history was rewound or rewritten. Bus segments pruned to summaries are the sanctioned
 * exception. Git keeps reflogs for `refs/gatos/**` only with `core.logAllRefUpdates=always` (or
 * `--create-reflog`); without one there is nothing to read, and the check stays silent.
 */
export const fastForwardCheck: Check = {
  name: 'fast-forward',
  async run({ repo }) {
    const findings: Finding[] = [];
    const root = join(repo.gitDir, 'logs', 'refs', 'gatos');
    if (!existsSync(root)) return findings;
    for (const { ref, path } of logFiles(root, 'refs/gatos')) {
      if (!FAST_FORWARD_KINDS.has(classifyRef(ref)) || isRewritableBusRef(ref)) continue;
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const m = ENTRY.exec(line);
        if (!m) continue;
        const from = m[1]!;
        const to = m[2]!;
        if (ZERO.test(from) || ZERO.test(to) || from === to) continue; // creation, deletion, no move
        if (!(await repo.objects.has(from)) || !(await repo.objects.has(to))) continue; // pruned: cannot judge
        if (!(await repo.objects.isAncestor(from, to))) {
          findings.push({
            id: 'ref.non-ff',
            severity: 'error',
            subject: `${ref}@${to}`,
            message: `${ref} moved from ${from} to ${to}, which does not descend from it (a fast-forward-only ref was rewound)`,
            remedy: `find who rewrote it (git reflog ${ref}); restore the lost history from a clone that has ${from}`,
          });
        }
      }
    }
    return findings;
  },
};

function logFiles(dir: string, name: string): Array<{ ref: string; path: string }> {
  const out: Array<{ ref: string; path: string }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...logFiles(path, `${name}/${entry.name}`));
    else if (entry.isFile()) out.push({ ref: `${name}/${entry.name}`, path });
  }
  return out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}
