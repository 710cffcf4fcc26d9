import type { Clock } from '@gatos/core';
import type { Repository } from '@gatos/git';
import type { Check, Finding, Severity } from './finding.js';
import { refsCheck } from './checks/refs.js';
import { fastForwardCheck } from './checks/fastForward.js';
import { journalsCheck } from './checks/journals.js';
import { checkpointsCheck } from './checks/checkpoints.js';
import { fixOutdatedHook, hookCheck } from './checks/hook.js';
import { jobsCheck } from './checks/jobs.js';
import { policyCheck } from './checks/policy.js';
import { busCheck } from './checks/bus.js';

/** Every check, in the order they run (cheap ones first). */
export function doctorChecks(clock: Clock): readonly Check[] {
  return [refsCheck, fastForwardCheck, journalsCheck, checkpointsCheck, policyCheck, jobsCheck(clock), busCheck(clock), hookCheck];
}

export interface DoctorReport {
  /** False when any error-level finding remains. */
  readonly healthy: boolean;
  readonly deep: boolean;
  readonly counts: Readonly<Record<Severity, number>>;
  readonly findings: Finding[];
  /** What `--fix` did, one line each (empty without `--fix`). */
  readonly fixed: string[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Runs every check (then, with `fix`, the safe repairs and the checks again so the report describes
 * the repository as it is now). Findings are sorted by severity, id and subject, so output is stable.
 */
export async function runDoctor(repo: Repository, options: { deep: boolean; fix: boolean; clock: Clock; progress(line: string): void }): Promise<DoctorReport> {
  const ctx = { repo, deep: options.deep, progress: options.progress };
  const inspect = async (): Promise<Finding[]> => {
    const all: Finding[] = [];
    for (const check of doctorChecks(options.clock)) {
      options.progress(`doctor: ${check.name}`);
      all.push(...(await check.run(ctx)));
    }
    return all;
  };
  let findings = await inspect();
  const fixed: string[] = [];
  if (options.fix && findings.some((f) => f.id === 'hook.outdated')) {
    fixed.push(...(await fixOutdatedHook(repo)));
    if (fixed.length > 0) findings = await inspect();
  }
  findings.sort((a, b) => RANK[a.severity] - RANK[b.severity] || cmp(a.id, b.id) || cmp(a.subject, b.subject));
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return { healthy: counts.error === 0, deep: options.deep, counts, findings, fixed };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
