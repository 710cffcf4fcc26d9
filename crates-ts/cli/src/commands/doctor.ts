import { Flags } from '@oclif/core';
import { runDoctor, type DoctorReport } from '../doctor/index.js';
import { GatosCommand } from '../lib/baseCommand.js';
import { withContext } from '../lib/context.js';

export default class Doctor extends GatosCommand {
  static override summary = 'Inspect a repository and report each problem with a stable id, severity, the ref or object concerned and a one-line remedy.';
  static override description =
    'Checks ref names and dangling refs under refs/gatos/, fast-forward-only refs rewound (from reflogs, when git keeps them), every journal (signatures, linear chains, ULID order), that every state checkpoint carries a Proof-of-Fold (with --deep: that it verifies by replaying every event), published but inactive policy bundles, stale job claims, bus segments over the rotation threshold or past the 30-day TTL without a summary, and on a bare repository that the Stargate hook is installed and current. --fix repairs only what is safe (an outdated gatos hook is rewritten) and says what it did. Progress goes to stderr. Exits 0 when no error-level finding remains (warnings allowed), 1 otherwise. Finding ids are listed in docs/doctor.md.';
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --deep --json', '<%= config.bin %> doctor -C /srv/git/project.git --fix'];
  static override flags = {
    fix: Flags.boolean({ summary: 'Apply the safe repairs (rewrite an outdated gatos hook), then check again.', default: false }),
    deep: Flags.boolean({ summary: 'Also replay every checkpoint to verify its Proof-of-Fold (slow on large ledgers).', default: false }),
  };

  async run(): Promise<DoctorReport> {
    const { flags } = await this.parse(Doctor);
    const quiet = this.jsonEnabled();
    const report = await withContext(flags, (ctx) =>
      runDoctor(ctx.repo, { deep: flags.deep, fix: flags.fix, clock: ctx.clock, progress: (line) => !quiet && process.stderr.write(`${line}\n`) }),
    );
    for (const line of report.fixed) this.log(`fixed: ${line}`);
    for (const f of report.findings) this.log(`${f.severity.padEnd(7)} ${f.id}  ${f.subject}\n        ${f.message}\n        remedy: ${f.remedy}`);
    const { error, warning, info } = report.counts;
    this.log(report.healthy ? `healthy (${warning} warning(s), ${info} info)` : `unhealthy: ${error} error(s), ${warning} warning(s), ${info} info`);
    if (!report.healthy) this.failCheck();
    return report;
  }
}
