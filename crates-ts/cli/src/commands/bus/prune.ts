import { Args, Flags } from '@oclif/core';
import { parseDuration, pruneTopic, type PruneResult } from '@gatos/mind';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';

export default class BusPrune extends GatosCommand {
  static override summary = 'Replace expired segments of a topic with signed Merkle summaries.';
  static override description = 'A segment expires when all its messages are older than --older-than. It is pruned only when every active consumer (one that acknowledged within --active-within, default --older-than) has acknowledged past it. Each pruned segment is verified, then its ref is moved to a summary commit holding the message count, first/last offsets, the Merkle root of the message content hashes and the list of those hashes, signed by you. `git gatos sync` carries the summaries to a remote, whose push gate re-checks each one against the messages it holds.';
  static override examples = [
    '<%= config.bin %> bus prune gatos.jobs.pending --older-than 30d',
    '<%= config.bin %> bus prune gatos.jobs.pending --older-than PT12H --active-within 7d --json',
  ];
  static override args = {
    topic: Args.string({ description: 'topic, dotted (e.g. gatos.jobs.pending)', required: true }),
  };
  static override flags = {
    'older-than': Flags.string({ summary: 'Retention: seconds, <n>s|m|h|d|w, or ISO-8601 (e.g. 30d, PT12H).', required: true }),
    'active-within': Flags.string({ summary: 'Consumers that acknowledged within this duration hold retention back (default: --older-than).' }),
    actor: Flags.string({ summary: 'Pruning identity that signs the summaries (default: git config gatos.actor).' }),
  };

  async run(): Promise<PruneResult> {
    const { args, flags } = await this.parse(BusPrune);
    const olderThanMs = parseDuration(flags['older-than']);
    const activeWithinMs = flags['active-within'] !== undefined ? parseDuration(flags['active-within']) : olderThanMs;
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const result = await pruneTopic(ctx.repo, args.topic, signer, { olderThanMs, activeWithinMs, clock: ctx.clock });
      for (const p of result.pruned) this.log(`pruned ${p.segment}: ${p.count} messages ${p.firstOffset}..${p.lastOffset} merkle ${p.merkleRoot}`);
      for (const h of result.heldBack) this.log(`kept ${h.segment}: consumer ${h.consumer} has not acknowledged it`);
      this.log(`${result.pruned.length} segments pruned (cutoff ${result.cutoff})`);
      return result;
    });
  }
}
