import { Args, Flags } from '@oclif/core';
import { commitThrough, type CommitResult } from '@gatos/mind';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';

export default class BusCommit extends GatosCommand {
  static override summary = 'Record that an ack quorum has acknowledged a topic through an offset (gmb.commit).';
  static override description = 'Writes a signed gmb.commit record on refs/gatos/mbus-commit/<topic>: every message up to --through is acknowledged by at least --quorum of the consumers (--consumers, default every consumer with an ack chain), listing the ack commits it relies on. Refused with exit 1 and nothing written unless the consumers\' ack chains show the quorum. `bus verify` and the push gate re-check every commitment against the ack chains.';
  static override examples = [
    '<%= config.bin %> bus commit gatos.jobs.pending --through 01JD6Z5R0000000000000000AB:41 --quorum 2 --consumers billing,audit,search',
    '<%= config.bin %> bus commit gatos.jobs.pending --through 01JD6Z5R0000000000000000AB:41 --quorum 1 --json',
  ];
  static override args = {
    topic: Args.string({ description: 'topic, dotted (e.g. gatos.jobs.pending)', required: true }),
  };
  static override flags = {
    through: Flags.string({ summary: 'Offset <segment-ulid>:<index>: every message up to it is covered.', required: true }),
    quorum: Flags.integer({ summary: 'How many of the consumers must have acknowledged through the offset.', required: true, min: 1 }),
    consumers: Flags.string({ summary: 'Comma-separated consumer names the quorum is counted among (default: every consumer of the topic).' }),
    actor: Flags.string({ summary: 'Committing identity that signs the record (default: git config gatos.actor).' }),
  };

  async run(): Promise<CommitResult> {
    const { args, flags } = await this.parse(BusCommit);
    const consumers = flags.consumers?.split(',').map((c) => c.trim());
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const result = await commitThrough(ctx.repo, args.topic, signer, { through: flags.through, quorum: flags.quorum, ...(consumers ? { consumers } : {}), clock: ctx.clock });
      this.log(`committed ${result.through} with ${result.acks.length} of ${result.consumers.length} consumers (quorum ${result.quorum}): ${result.commit}`);
      for (const b of result.behind) this.log(`behind: ${b.consumer} ${b.reason}`);
      return result;
    });
  }
}
