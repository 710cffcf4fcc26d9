import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Args } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { lintFold, type Finding } from '@gatos/echo';
import { GatosCommand } from '../lib/baseCommand.js';

export default class Lint extends GatosCommand {
  static override summary = 'Check fold modules for non-deterministic code.';
  static override description = 'Reports each finding as file:line:column rule message. Exit 1 when any error-level finding exists (warnings alone exit 0). Directories are searched for .js files.';
  static override examples = ['<%= config.bin %> lint gatos/folds/balances.js', '<%= config.bin %> lint gatos/folds --json'];
  static override strict = false;
  static override args = { paths: Args.string({ description: 'files or directories', required: true }) };

  async run(): Promise<{ files: number; errors: number; warnings: number; findings: Array<Finding & { file: string }> }> {
    const { argv } = await this.parse(Lint);
    const files = (argv as string[]).flatMap(expand);
    const findings = files.flatMap((file) => lintFold(readFileSync(file, 'utf8'), file).map((f) => ({ ...f, file })));
    for (const f of findings) this.log(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message}`);
    const errors = findings.filter((f) => f.severity === 'error').length;
    this.log(`${files.length} file(s): ${errors} error(s), ${findings.length - errors} warning(s)`);
    if (errors > 0) this.failCheck();
    return { files: files.length, errors, warnings: findings.length - errors, findings };
  }
}

function expand(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new GatosError('INPUT_UNREADABLE', `cannot read ${path}`, { data: { path } });
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => {
    const child = join(path, name);
    return statSync(child).isDirectory() ? expand(child) : name.endsWith('.js') ? [child] : [];
  });
}
