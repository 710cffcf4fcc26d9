import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { GatosCommand } from '../lib/baseCommand.js';

interface CheckResult {
  readonly id: string;
  readonly spec: string;
  readonly title: string;
  readonly ok: boolean;
  readonly reason: string;
  readonly ms: number;
}

interface SuiteReport {
  readonly cli: string;
  readonly passed: number;
  readonly failed: number;
  readonly results: CheckResult[];
}

/** The suite ships beside the CLI in the checkout: <root>/conformance/run.mjs (from src/ or dist/). */
const RUNNER = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../conformance/run.mjs');

export default class Conformance extends GatosCommand {
  static override summary = 'Run the black-box conformance suite (SPEC §12 checks) against a gatos CLI.';
  static override description =
    'Spawns conformance/run.mjs, which drives the implementation named by --cli (default: $GATOS_CLI, else this checkout\'s bin/gatos) only through its command line and plain git, in scratch repositories under the temp directory. Prints one line per check (id, PASS or FAIL, reason) and a summary. Exit 1 when any selected check fails; an unknown --only id is a usage error (exit 2). The current repository is never touched.';
  static override examples = [
    '<%= config.bin %> conformance',
    '<%= config.bin %> conformance --only C02 --only C13 --json',
    'GATOS_CLI=/opt/other/bin/gatos <%= config.bin %> conformance',
  ];
  static override flags = {
    only: Flags.string({ description: 'Run only this check id (C02) or spec id (spec-12.2); repeatable.', multiple: true }),
    cli: Flags.string({ description: 'Executable of the implementation under test (default: $GATOS_CLI, else this checkout\'s bin/gatos).' }),
  };

  async run(): Promise<SuiteReport> {
    const { flags } = await this.parse(Conformance);
    if (!existsSync(RUNNER)) {
      throw new GatosError('CONFORMANCE_SUITE_MISSING', `the conformance suite is not installed beside this CLI (expected ${RUNNER})`, {
        exitClass: 'usage',
      });
    }
    const args = [RUNNER, '--json', ...(flags.only ?? []).flatMap((id) => ['--only', id]), ...(flags.cli ? ['--cli', resolve(flags.cli)] : [])];
    const { code, stdout, stderr } = await runNode(args);
    if (code === 2) throw new GatosError('USAGE', stderr.trim().replace(/^error: /, '') || 'bad conformance arguments', { exitClass: 'usage' });
    let report: SuiteReport;
    try {
      report = JSON.parse(stdout) as SuiteReport;
    } catch {
      throw new GatosError('CONFORMANCE_RUNNER_FAILED', `the conformance runner exited ${code} without a report: ${stderr.trim().split('\n').pop() ?? ''}`, {
        exitClass: 'check',
      });
    }
    for (const r of report.results) this.log(`${r.id} ${r.ok ? 'PASS' : 'FAIL'} ${r.spec}: ${r.reason}`);
    this.log(`conformance: ${report.passed} passed, ${report.failed} failed, ${report.results.length} checks (cli: ${report.cli})`);
    if (report.failed > 0) this.failCheck();
    return report;
  }
}

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: join(dirname(RUNNER), '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
