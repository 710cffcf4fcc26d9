import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { okJson, useCliSandbox, type CliResult } from '@gatos/testkit';

const sb = useCliSandbox();
const gatos = (args: string[], input?: string): CliResult => sb.gatos(args, input);
const json = okJson;

beforeAll(() => {
  // Setup: alice, bob, carol in @leads; dave trusted but not a lead; publish.artifact governed 2-of-3.
  json(gatos(['init', '--actor', 'user:alice', '--json']));
  for (const who of ['bob', 'carol', 'dave']) {
    json(gatos(['key', 'new', '--actor', `user:${who}`, '--json']));
    json(gatos(['trust', 'add', `user:${who}`, '--json']));
  }
  json(gatos(['trust', 'group', '@leads', 'user:alice', 'user:bob', 'user:carol', '--json']));
  mkdirSync(join(sb.repo.dir, 'gatos/policies'), { recursive: true });
  writeFileSync(join(sb.repo.dir, 'gatos/policies/governance.yaml'), 'governance:\n  publish.artifact: {quorum: 2-of-3@leads, ttl: PT72H}\n');
  json(gatos(['policy', 'publish', '--json']));
});

describe('git gatos proposal / approve / grant verify / revoke', () => {
  it('denies with one approval, grants with two, and a revoked grant no longer verifies', () => {
    const p = json<{ proposalId: string; proposal: { required_quorum: string } }>(
      gatos(['proposal', 'new', '--action', 'publish.artifact', '--target', 'gatos://artifact/model.bin', '--quorum', '2-of-3@leads', '--json']),
    );
    expect(p.proposal.required_quorum).toBe('2-of-3@leads');
    const refused = gatos(['approve', '--proposal', p.proposalId, '--actor', 'user:dave']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('[GOV_NOT_MEMBER]');
    const one = json<{ counted: number; grant: null }>(gatos(['approve', '--proposal', p.proposalId, '--actor', 'user:bob', '--json']));
    expect(one).toMatchObject({ counted: 1, grant: null });
    const noGrant = gatos(['grant', 'verify', '--grant', p.proposalId]);
    expect(noGrant.code).toBe(2);
    expect(noGrant.stderr).toContain('[GOV_GRANT_NOT_FOUND]');
    const two = json<{ grant: { grantId: string } }>(gatos(['approve', '--proposal', p.proposalId, '--actor', 'user:carol', '--json']));
    const ok = gatos(['grant', 'verify', '--grant', two.grant.grantId]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`ok: grant ${two.grant.grantId} authorises publish.artifact gatos://artifact/model.bin`);
    expect(json<{ status: string }>(gatos(['proposal', 'show', '--proposal', p.proposalId, '--json'])).status).toBe('granted');
    expect(json<{ proposals: Array<{ status: string }> }>(gatos(['proposal', 'list', '--json'])).proposals.map((x) => x.status)).toEqual(['granted']);
    json(gatos(['revoke', '--grant', two.grant.grantId, '--reason', 'superseded', '--actor', 'user:carol', '--json']));
    const revoked = gatos(['grant', 'verify', '--grant', two.grant.grantId]);
    expect(revoked.code).toBe(1);
    expect(revoked.stdout).toContain(`FAIL grant ${two.grant.grantId} was revoked by user:carol: superseded`);
  });

  it('refuses bad input with exit 2 and one error line', () => {
    const r = gatos(['proposal', 'new', '--action', 'publish.artifact', '--target', 'gatos://x', '--quorum', '2-of-3', '--ttl', 'P']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
