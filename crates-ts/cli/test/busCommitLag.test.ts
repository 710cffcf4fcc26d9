import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCanonical, formatPublicKey, formatSignature, initHashes, newUlid } from '@gatos/core';
import { loadSigner } from '@gatos/keys';
import { okJson, testGitEnv, useCliSandbox } from '@gatos/testkit';

const T = 'gatos.billing.events';
const sb = useCliSandbox();
/** Message times: B, B+10s, B+25s, B+60.5s (the ULID is the message time). */
const B = Math.floor(Date.now() / 1000) * 1000 - 7_200_000;
const ulids = [0, 10_000, 25_000, 60_500].map((o) => newUlid(B + o));
let offsets: string[] = [];

beforeAll(async () => {
  await initHashes();
  okJson(sb.gatos(['init', '--actor', 'user:alice', '--json']));
  const batch = ulids.map((ulid, n) => JSON.stringify({ payload: { n }, ulid })).join('\n');
  offsets = okJson<{ messages: Array<{ offset: string }> }>(sb.gatos(['bus', 'publish', T, '--batch', '-', '--json'], batch)).messages.map((m) => m.offset);
  const ack = (consumer: string, which: number[]): void => void okJson(sb.gatos(['bus', 'ack', T, '--consumer', consumer, ...which.map((i) => ulids[i]!), '--json']));
  ack('a', [0, 1, 2, 3]);
  ack('b', [0, 1]);
  ack('c', [0]);
});

describe('git gatos bus lag', () => {
  it('prints exact per-consumer lag as JSON, text and Prometheus metrics', () => {
    const report = okJson<{ newest: { offset: string }; consumers: unknown[] }>(sb.gatos(['bus', 'lag', T, '--json']));
    expect(report.newest.offset).toBe(offsets[3]);
    expect(report.consumers).toEqual([
      { consumer: 'a', lowWater: offsets[3], lastAck: expect.any(String), active: true, messages: 0, seconds: 0 },
      { consumer: 'b', lowWater: offsets[1], lastAck: expect.any(String), active: true, messages: 2, seconds: 50.5 },
      { consumer: 'c', lowWater: offsets[0], lastAck: expect.any(String), active: true, messages: 3, seconds: 60.5 },
    ]);
    const text = sb.gatos(['bus', 'lag', T]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^b active low-water ${offsets[1]} behind 2 messages 50.5s \\(last ack \\S+Z\\)$`, 'm'));
    const prom = sb.gatos(['bus', 'lag', T, '--format', 'prometheus']);
    expect(prom.code).toBe(0);
    expect(prom.stdout.split('\n').filter((l) => l.startsWith('gatos_bus_ack_lag{'))).toEqual([
      `gatos_bus_ack_lag{topic="${T}",consumer="a"} 0`,
      `gatos_bus_ack_lag{topic="${T}",consumer="b"} 2`,
      `gatos_bus_ack_lag{topic="${T}",consumer="c"} 3`,
    ]);
    expect(prom.stdout).toContain(`# TYPE gatos_bus_ack_lag gauge\n`);
    expect(prom.stdout).toContain(`gatos_bus_ack_lag_seconds{topic="${T}",consumer="c"} 60.5\n`);
    // An activity window shorter than the time since the acks: nobody is active.
    const stale = okJson<{ consumers: Array<{ active: boolean }> }>(sb.gatos(['bus', 'lag', T, '--active-within', '0s', '--json']));
    expect(stale.consumers.map((c) => c.active)).toEqual([false, false, false]);
  });
});

describe('git gatos bus commit', () => {
  it('writes a commitment when the quorum has acknowledged, and bus verify re-checks it', () => {
    const r = okJson<{ through: string; acks: Array<{ consumer: string }>; behind: Array<{ consumer: string }> }>(sb.gatos(['bus', 'commit', T, '--through', offsets[1]!, '--quorum', '2', '--consumers', 'a,b,c', '--json']));
    expect(r).toMatchObject({ through: offsets[1], acks: [{ consumer: 'a' }, { consumer: 'b' }], behind: [{ consumer: 'c' }] });
    const ok = sb.gatos(['bus', 'verify', T]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toBe('ok: 4 messages in 1 segments (0 pruned windows, 0 pruned messages), 3 consumers and 1 commitments verified\n');
  });

  it('refuses a commitment the acks do not support (exit 1, nothing written) and bad input (exit 2)', () => {
    const tip = sb.repo.git('rev-parse', `refs/gatos/mbus-commit/${T}`);
    const r = sb.gatos(['bus', 'commit', T, '--through', offsets[2]!, '--quorum', '2', '--consumers', 'a,b,c']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: quorum 2-of-3 not met through ${offsets[2]}: 1 acknowledged (a); b low-water ${offsets[1]}; c low-water ${offsets[0]}; nothing was written [BUS_COMMIT_QUORUM]\n`);
    expect(sb.repo.git('rev-parse', `refs/gatos/mbus-commit/${T}`)).toBe(tip);
    const cases: Array<[string[], string]> = [
      [['--through', offsets[0]!, '--quorum', '4', '--consumers', 'a,b,c'], 'BUS_BAD_OPTION'],
      [['--through', offsets[0]!, '--quorum', '1', '--consumers', 'a,,b'], 'BUS_BAD_CONSUMER'],
      [['--through', 'nope', '--quorum', '1'], 'BUS_BAD_OFFSET'],
      [['--through', `${offsets[0]!.split(':')[0]}:99`, '--quorum', '1'], 'BUS_BAD_OFFSET'],
    ];
    for (const [args, code] of cases) {
      const bad = sb.gatos(['bus', 'commit', T, ...args]);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toContain(`[${code}]`);
    }
    expect(sb.gatos(['bus', 'commit', T, '--through', offsets[0]!, '--quorum', '0']).code).toBe(2);
    expect(sb.gatos(['bus', 'lag', T, '--format', 'xml']).code).toBe(2);
    expect(sb.gatos(['bus', 'lag', T, '--active-within', 'soon']).stderr).toContain('[BUS_BAD_DURATION]');
  });

  it('fails bus verify for a commitment forged with git plumbing that lacks the acks', () => {
    // Signed with alice's real key, so only the missing acknowledgements give it away.
    const alice = loadSigner(sb.home.dir, 'user:alice');
    const aTip = sb.repo.git('rev-parse', `refs/gatos/mbus-ack/${T}/a`);
    const record = { topic: T, through: offsets[3]!, quorum: 2, consumers: ['a', 'b', 'c'], acks: [{ consumer: 'a', commit: aTip, low_water: offsets[3]! }], actor: 'user:alice', ulid: newUlid(Date.now() + 1000) };
    const bytes = encodeCanonical(record);
    writeFileSync(join(sb.repo.dir, 'commitment.cbor'), bytes);
    const blob = sb.repo.git('hash-object', '-w', 'commitment.cbor');
    const tree = execFileSync('git', ['mktree'], { cwd: sb.repo.dir, env: testGitEnv, input: `100644 blob ${blob}\tcommitment.cbor\n`, encoding: 'utf8' }).trim();
    const message = [`gmb.commit`, '', `Topic: ${T}`, `Through: ${record.through}`, 'Quorum: 2-of-3', 'Sig-Alg: ed25519', `Signer: ${formatPublicKey(alice.publicKey)}`, `Sig: ${formatSignature(alice.sign(bytes))}`, ''].join('\n');
    const tip = sb.repo.git('rev-parse', `refs/gatos/mbus-commit/${T}`);
    const env = { ...testGitEnv, GIT_AUTHOR_NAME: 'user:alice', GIT_AUTHOR_EMAIL: 'alice@user.gatos', GIT_COMMITTER_NAME: 'user:alice', GIT_COMMITTER_EMAIL: 'alice@user.gatos' };
    const forged = execFileSync('git', ['commit-tree', tree, '-p', tip], { cwd: sb.repo.dir, env, input: message, encoding: 'utf8' }).trim();
    sb.repo.git('update-ref', `refs/gatos/mbus-commit/${T}`, forged, tip);
    const bad = sb.gatos(['bus', 'verify', T]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAIL BUS_COMMIT_QUORUM refs/gatos/mbus-commit/${T} ${forged}: 1 of the 2 acknowledgements through ${offsets[3]} that quorum 2-of-3 requires verify\n`);
    expect(bad.stdout).toContain('1 failures in topic');
  });
});
