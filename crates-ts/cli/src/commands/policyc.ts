import { existsSync, statSync, writeFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { compileBundle } from '@gatos/policy';
import { GatosCommand } from '../lib/baseCommand.js';
import { readBundleDir } from '../lib/workTree.js';

interface PolicycOutput {
  policyCodeRoot: string;
  bundleId: string;
  files: number;
  namespaces: string[];
  bytes: number;
  output: string | null;
}

export default class Policyc extends GatosCommand {
  static override summary = 'Validate and compile a gatos/ directory into canonical policy-bundle bytes; print Policy-Code-Root and Policy-Bundle-Id.';
  static override description = 'Reads DIR/policies/**, DIR/trust/graph.json and DIR/config/**, validates the trust graph and every policy file (errors name file:line; policies/governance.yaml is passed through unread), then encodes the canonical policy tree (DAG-CBOR {path: bytes}) exactly as `policy publish` does, so the ids printed are the ids publishing would write.';
  static override examples = ['<%= config.bin %> policyc', '<%= config.bin %> policyc gatos -o bundle.cbor --json'];
  static override args = { dir: Args.string({ description: 'the gatos/ directory to compile', default: 'gatos' }) };
  static override flags = { output: Flags.string({ char: 'o', summary: 'Write the canonical bundle bytes here.' }) };

  async run(): Promise<PolicycOutput> {
    const { args, flags } = await this.parse(Policyc);
    if (!existsSync(args.dir) || !statSync(args.dir).isDirectory()) {
      throw new GatosError('POLICY_DIR_MISSING', `${args.dir} is not a directory (pass the gatos/ directory that holds policies/, trust/ and config/)`, { data: { path: args.dir } });
    }
    const files = readBundleDir(args.dir);
    const compiled = compileBundle(files, { prefix: `${args.dir.replace(/\/+$/, '')}/` });
    if (flags.output) writeFileSync(flags.output, compiled.bytes);
    this.log(`Policy-Code-Root: sha256:${compiled.policyCodeRoot}\nPolicy-Bundle-Id: blake3:${compiled.bundleId}`);
    return {
      policyCodeRoot: `sha256:${compiled.policyCodeRoot}`, bundleId: `blake3:${compiled.bundleId}`, files: files.size,
      namespaces: compiled.rules.namespaces.map((n) => n.ns), bytes: compiled.bytes.length, output: flags.output ?? null,
    };
  }
}
