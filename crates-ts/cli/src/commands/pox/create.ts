import { Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { createPox, type CreatedPox } from '@gatos/proofs';
import { GatosCommand } from '../../lib/baseCommand.js';
import { readBlobTarget } from '../../lib/blobs.js';
import { resolveSigner, withContext } from '../../lib/context.js';
import { resolveStateCommit } from '../../lib/resolveStateCommit.js';

/** An input as a plaintext blob hash: `blake3:<hex>`, or a blob pointer (JSON text, `@file`, `-`). */
function inputHash(arg: string): string {
  const target = readBlobTarget(arg);
  if ('hash' in target) return target.hash;
  if (target.pointer.kind !== 'blobptr') {
    throw new GatosError('POX_BAD_ARGUMENT', `--inputs ${arg.slice(0, 60)}: an experiment's inputs are plaintext blob pointers (kind blobptr), as job manifests declare them`, { data: { input: arg.slice(0, 200) } });
  }
  return target.pointer.hash;
}

export default class PoxCreate extends GatosCommand {
  static override summary = 'Create a signed Proof-of-Experiment binding inputs, jobs, folded state and outputs.';
  static override description = 'Links the Proof-of-Execution of every --program job (each needs a verified, succeeded result) and, with --state, the Proof-of-Fold of the checkpoint; binds inputs_root (the jobs\' manifest inputs: --inputs, when given, must be exactly those), program_id, the active policy root and code root, and outputs_root (default: every output the jobs recorded plus each State-Root). Signed by the current actor and stored at refs/gatos/audit/proofs/experiments/<ulid>. The PoX id is that ULID; it is derived from the content, so creating the same experiment twice is a no-op.';
  static override examples = [
    '<%= config.bin %> pox create --program blake3:237e…  --state results',
    '<%= config.bin %> pox create --inputs blake3:9f1c… --program blake3:237e… blake3:88aa… --state results --json',
  ];
  static override flags = {
    inputs: Flags.string({ summary: 'Input pointers: blake3:<hex>, pointer JSON or @file (default: the jobs\' manifest inputs).', multiple: true }),
    program: Flags.string({ summary: 'Job ids the experiment ran (blake3:<hex>).', multiple: true }),
    state: Flags.string({ summary: 'Folded state the experiment produced: state name, state ref or checkpoint commit.', multiple: true }),
    outputs: Flags.string({ summary: 'Output content ids (blake3:<hex>) to bind (default: every recorded output and State-Root).', multiple: true }),
    actor: Flags.string({ summary: 'Signing identity (default: git config gatos.actor).' }),
  };

  async run(): Promise<Omit<CreatedPox, 'experiment'>> {
    const { flags } = await this.parse(PoxCreate);
    return withContext(flags, async (ctx) => {
      const checkpoints = [];
      for (const s of flags.state ?? []) checkpoints.push((await resolveStateCommit(ctx.repo, s)).commit);
      const pox = await createPox(ctx.repo, await resolveSigner(ctx, flags.actor), {
        jobs: flags.program ?? [],
        checkpoints,
        ...(flags.inputs === undefined ? {} : { inputs: flags.inputs.map(inputHash) }),
        ...(flags.outputs === undefined ? {} : { outputs: flags.outputs }),
      });
      this.log(`${pox.created ? 'created' : 'exists'} ${pox.ulid} ${pox.ref}`);
      this.log(`  Proof-Of-Experiment ${pox.digest}`);
      this.log(`  links ${pox.envelope.links.poe.length} PoE, ${pox.envelope.links.pof.length} PoF; commit ${pox.commit}`);
      const { experiment: _e, ...rest } = pox;
      return rest;
    });
  }
}
