import type { HookTarget } from './hookTargets.js';
import { safeText } from './safeText.js';
import type { Violation } from './violation.js';

/**
 * The lines pre-receive prints for a refused push (git shows each as `remote: <line>`):
 * `GATOS DENY <rule-id> <ref>: <reason>`, one per violation. GitLab only shows hook output prefixed
 * `GL-HOOK-ERR: `, so with that target each line is printed in both forms.
 *
 * @example
 * formatDenyLines([{ rule: 'gatos.ref.no-delete', ref, reason }], 0, 'plain')
 * // ['GATOS DENY gatos.ref.no-delete refs/gatos/journal/demo/user/alice: deleting … is not allowed; …']
 */
export function formatDenyLines(violations: readonly Violation[], omitted: number, target: HookTarget): string[] {
  const lines = violations.map((v) => `GATOS DENY ${v.rule} ${v.ref}: ${safeText(v.reason)}`);
  if (omitted > 0) lines.push(`GATOS DENY: ${omitted} more violations not listed (limit gatos.gate.maxViolations)`);
  return target === 'gitlab' ? lines.flatMap((l) => [l, `GL-HOOK-ERR: ${l}`]) : lines;
}
