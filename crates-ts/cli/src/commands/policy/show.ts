import { showPolicy, type BundleSummary, type PolicyOverview, type PolicyRules } from '@gatos/policy';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class PolicyShow extends GatosCommand {
  static override summary = 'Show the active policy bundle: ids, publisher, profile, trust graph and parsed rules.';
  static override description = 'Reads refs/gatos/policies/active (commit, Policy-Bundle-Id, Policy-Code-Root, publisher, profile, a summary of the trust graph and the parsed policy rules of ADR-0011), and lists published bundles that are not activated.';
  static override examples = ['<%= config.bin %> policy show', '<%= config.bin %> policy show --json'];

  async run(): Promise<PolicyOverview> {
    const { flags } = await this.parse(PolicyShow);
    return withContext(flags, async (ctx) => {
      const view = await showPolicy(ctx.repo);
      const a = view.active;
      if (!a) this.log('no active policy (publish one with `git gatos policy publish`)');
      else {
        this.log(`active bundle ${a.bundleId}\n  commit:           ${a.commit}\n  Policy-Code-Root: ${a.policyCodeRoot ? `sha256:${a.policyCodeRoot}` : '-'}\n  published by:     ${a.publishedBy ?? '-'}\n  profile:          ${a.profile}`);
        this.log(`  trust:            ${a.trust.actors.map((t) => `${t.actor} (${t.keys} keys${t.revokedKeys ? `, ${t.revokedKeys} revoked` : ''})`).join(', ') || 'no actors'}`);
        for (const [g, members] of Object.entries(a.trust.groups)) this.log(`  group @${g}: ${members.join(', ')}`);
        if (a.invalid ?? a.rulesError) this.log(`  INVALID: ${a.invalid ?? a.rulesError}`);
        if (a.rules) this.log(renderRules(a.rules));
      }
      for (const b of view.inactive) this.log(renderInactive(b));
      return view;
    });
  }
}

function renderRules(rules: PolicyRules): string {
  if (rules.namespaces.length === 0) return '  rules:            none (any trusted actor may write any namespace)';
  const lines = ['  rules:'];
  for (const n of rules.namespaces) {
    lines.push(`    ${n.ns}  (${n.source})`);
    lines.push(`      writers: ${n.writers ? n.writers.entries.join(', ') : '* (no rule)'}${n.maxEventBytes !== null ? `   max_event_bytes: ${n.maxEventBytes}` : ''}`);
    for (const t of n.types) lines.push(`      ${t.pattern}: caps ${t.caps.join(', ')}`);
  }
  return lines.join('\n');
}

function renderInactive(b: BundleSummary): string {
  return `published, not activated: ${b.bundleId}  ${b.commit}${b.invalid ? `  INVALID: ${b.invalid}` : ''}`;
}
