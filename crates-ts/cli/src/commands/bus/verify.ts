import { Args } from '@oclif/core';
import { verifyTopic, type TopicReport } from '@gatos/mind';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class BusVerify extends GatosCommand {
  static override summary = 'Verify a topic\'s segments, summaries and acks; exit 1 on any failure.';
  static override description = 'Checks every retained message (strict decoding, content hash, trailers, signer trusted by the active policy, Ed25519 signature, linear chains, unique ULIDs), every summary of a pruned window (signature, index hash, count and offsets, recomputed Merkle root), the head ref, each consumer\'s ack chain, and every gmb.commit record against the ack chains (a commitment whose acks do not show its quorum fails). Every failure is listed with ref, commit and reason.';
  static override examples = ['<%= config.bin %> bus verify gatos.jobs.pending', '<%= config.bin %> bus verify gatos.jobs.pending --json'];
  static override args = {
    topic: Args.string({ description: 'topic, dotted (e.g. gatos.jobs.pending)', required: true }),
  };

  async run(): Promise<TopicReport> {
    const { args, flags } = await this.parse(BusVerify);
    return withContext(flags, async (ctx) => {
      const report = await verifyTopic(ctx.repo, args.topic);
      for (const f of report.failures) this.log(`FAIL ${f.code} ${f.ref} ${f.commit ?? '-'}${f.offset ? ` ${f.offset}` : ''}: ${f.reason}`);
      this.log(report.ok
        ? `ok: ${report.messages} messages in ${report.segments} segments (${report.summaries} pruned windows, ${report.prunedMessages} pruned messages), ${report.consumers} consumers and ${report.commitments} commitments verified`
        : `${report.failures.length} failures in topic ${report.topic}`);
      if (!report.ok) this.failCheck();
      return report;
    });
  }
}
