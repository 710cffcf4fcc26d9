import { Flags } from '@oclif/core';
import { createProposal, parseDuration, type ProposalResult } from '@gatos/governance';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';

export default class ProposalNew extends GatosCommand {
  static override summary = 'Propose a governed action; N-of-M approvals of a trust-graph group turn it into a grant.';
  static override description = 'Writes a signed proposal on refs/gatos/proposals/<proposal-id> under the active policy. The quorum group resolves in its trust graph (M = group size now); an action declared in gatos/policies/governance.yaml needs at least the quorum declared there, which is also the default. Expire-At = now + --ttl (default: the rule\'s ttl, else 72 hours). Policy updates target gatos://policy/<bundle-id>.';
  static override examples = [
    '<%= config.bin %> proposal new --action publish.artifact --target gatos://artifact/model.bin --quorum 2-of-3@leads',
    '<%= config.bin %> proposal new --action policy.update --target gatos://policy/<bundle-id> --ttl PT24H --json',
  ];
  static override flags = {
    action: Flags.string({ summary: 'Action id, e.g. policy.update or publish.artifact.', required: true }),
    target: Flags.string({ summary: 'What the action applies to, as a URI (gatos://… is canonical).', required: true }),
    quorum: Flags.string({ summary: 'N-of-M@group, e.g. 2-of-3@leads (default: the governance rule of the action).' }),
    ttl: Flags.string({ summary: 'How long the proposal stays open: seconds or ISO-8601 (e.g. PT72H).' }),
    actor: Flags.string({ summary: 'Proposing actor (default: git config gatos.actor).' }),
  };

  async run(): Promise<ProposalResult> {
    const { flags } = await this.parse(ProposalNew);
    const ttlSeconds = flags.ttl === undefined ? undefined : parseDuration(flags.ttl);
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const result = await createProposal(ctx.repo, {
        action: flags.action, target: flags.target,
        ...(flags.quorum === undefined ? {} : { quorum: flags.quorum }), ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
      }, signer, ctx.clock);
      this.log(`${result.created ? 'proposed' : 'already proposed'} ${result.proposal.proposal_id}`);
      this.log(`  ${result.proposal.action} ${result.proposal.target}\n  quorum ${result.proposal.required_quorum}, expires ${result.proposal.expire_at}\n  ref ${result.ref}`);
      return result;
    });
  }
}
