import { writeFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { compileFoldFile, engineId } from '@gatos/echo';
import { GatosCommand } from '../lib/baseCommand.js';

export default class Foldc extends GatosCommand {
  static override summary = 'Compile a fold spec into its canonical artefact and print its Fold-Root.';
  static override description = 'Lints the module (errors refuse it), then encodes the artefact as DAG-CBOR {abi, lang, source, entry, spec} — never engine bytecode. Fold-Root = sha256 of those bytes.';
  static override examples = ['<%= config.bin %> foldc gatos/folds/balances.yaml', '<%= config.bin %> foldc gatos/folds/balances.yaml -o balances.gfc --json'];
  static override args = { spec: Args.string({ description: 'path to gatos/folds/<name>.yaml', required: true }) };
  static override flags = { output: Flags.string({ char: 'o', summary: 'Write the artefact bytes here.' }) };

  async run(): Promise<{ name: string; foldRoot: string; foldId: string; engine: string; bytes: number; output: string | null; warnings: number }> {
    const { args, flags } = await this.parse(Foldc);
    const fold = compileFoldFile(args.spec);
    if (flags.output) writeFileSync(flags.output, fold.gfc);
    for (const w of fold.warnings) process.stderr.write(`warning: ${w.rule} at line ${w.line}: ${w.message}\n`);
    this.log(`Fold-Root: ${fold.foldRoot}\nFold-Id: ${fold.foldId}\nFold-Engine: ${engineId()}`);
    return { name: fold.spec.name, foldRoot: fold.foldRoot, foldId: fold.foldId, engine: engineId(), bytes: fold.gfc.length, output: flags.output ?? null, warnings: fold.warnings.length };
  }
}
