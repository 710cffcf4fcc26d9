import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { okJson, useCliSandbox, type CliResult } from '@gatos/testkit';

const sb = useCliSandbox();
const gatos = (args: string[], input?: string): CliResult => sb.gatos(args, input);
const json = okJson;
const FINANCE = 'version: 1\nnamespaces:\n  finance:\n    writers: [user:alice]\n    types:\n      "invoice.*": { caps: [finance:write] }\n';
const put = (path: string, text: string): void => {
  mkdirSync(join(sb.repo.dir, path, '..'), { recursive: true });
  writeFileSync(join(sb.repo.dir, path), text);
};

beforeAll(() => {
  json(gatos(['init', '--actor', 'user:alice', '--json']));
});

describe('git gatos policyc and policy publish', () => {
  it('policyc prints the Policy-Code-Root that policy publish then writes, and -o writes the canonical bytes', () => {
    put('gatos/policies/finance.yaml', FINANCE);
    // Owned by the governance rules: passed through into the bundle, never parsed by this language.
    put('gatos/policies/governance.yaml', 'governance: {publish.artifact: {quorum: {at_least: 2, group: leads}}}\n');
    const text = gatos(['policyc', '-o', 'bundle.cbor']);
    expect(text.code).toBe(0);
    const [codeRoot, bundleId] = text.stdout.trim().split('\n');
    expect(codeRoot).toMatch(/^Policy-Code-Root: sha256:[0-9a-f]{64}$/);
    expect(bundleId).toMatch(/^Policy-Bundle-Id: blake3:[0-9a-f]{64}$/);
    const compiled = json<{ policyCodeRoot: string; bundleId: string; namespaces: string[]; bytes: number }>(gatos(['policyc', 'gatos', '--json']));
    expect(compiled.namespaces).toEqual(['finance']);
    expect(readFileSync(join(sb.repo.dir, 'bundle.cbor')).length).toBe(compiled.bytes);
    const published = json<{ commit: string; bundleId: string }>(gatos(['policy', 'publish', '--json']));
    expect(`blake3:${published.bundleId}`).toBe(compiled.bundleId);
    expect(sb.repo.git('log', '-1', '--format=%B', published.commit)).toContain(`Policy-Code-Root: ${compiled.policyCodeRoot}\n`);
  });

  it('policyc and publish refuse an invalid policy file with one error line naming file:line; publish writes nothing', () => {
    const refsBefore = sb.repo.git('for-each-ref', 'refs/gatos/policies/');
    const headBefore = sb.repo.git('rev-parse', 'HEAD');
    put('gatos/policies/bad.yaml', 'version: 1\nnamespaces:\n  ops:\n    writers: ["@nobody"]\n');
    for (const r of [gatos(['policyc']), gatos(['policy', 'publish'])]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("error: gatos/policies/bad.yaml:4: group @nobody is not in the bundle's trust graph (known: none; add it with `git gatos trust group`) [POLICY_FILE_INVALID]\n");
    }
    expect(sb.repo.git('for-each-ref', 'refs/gatos/policies/')).toBe(refsBefore);
    expect(sb.repo.git('rev-parse', 'HEAD')).toBe(headBefore);
    rmSync(join(sb.repo.dir, 'gatos/policies/bad.yaml'));
  });
});

describe('git gatos policy show, log and activate', () => {
  it('reports a published-but-not-activated bundle until it is activated', () => {
    put('gatos/policies/finance.yaml', `${FINANCE}    max_event_bytes: 4096\n`);
    const pending = json<{ bundleId: string; commit: string; activated: boolean }>(gatos(['policy', 'publish', '--no-activate', '--json']));
    expect(pending.activated).toBe(false);

    const shown = json<{ active: { bundleId: string; profile: string; publishedBy: string; trust: { actors: Array<{ actor: string }> }; rules: { namespaces: Array<{ ns: string; maxEventBytes: number | null }> } }; inactive: Array<{ bundleId: string }> }>(gatos(['policy', 'show', '--json']));
    expect(shown.active).toMatchObject({ profile: 'default', publishedBy: 'user:alice', trust: { actors: [{ actor: 'user:alice' }] }, rules: { namespaces: [{ ns: 'finance', maxEventBytes: null }] } });
    expect(shown.inactive.map((b) => b.bundleId)).toEqual([pending.bundleId]);
    const text = gatos(['policy', 'show']);
    expect(text.stdout).toContain('    finance  (policies/finance.yaml:3)\n      writers: user:alice\n      invoice.*: caps finance:write\n');
    expect(text.stdout).toContain(`published, not activated: ${pending.bundleId}  ${pending.commit}`);

    const log = json<{ lineage: Array<{ commit: string; parent: string | null }>; inactive: Array<{ commit: string }> }>(gatos(['policy', 'log', '--json']));
    expect(log.lineage).toHaveLength(2);
    expect(log.lineage[1]!.parent).toBeNull();
    expect(log.inactive.map((b) => b.commit)).toEqual([pending.commit]);

    const activated = json<{ changed: boolean; commit: string; previous: string }>(gatos(['policy', 'activate', `blake3:${pending.bundleId}`, '--json']));
    expect(activated).toMatchObject({ changed: true, commit: pending.commit, previous: log.lineage[0]!.commit });
    const after = gatos(['policy', 'log']);
    expect(after.stdout.split('\n')[0]).toBe(`active   ${pending.commit}  ${pending.bundleId}  by user:alice`);
    expect(after.stdout).toContain('(genesis)');
    expect(after.stdout).not.toContain('inactive');
  });

  it('refuses to activate an unknown bundle with a hint', () => {
    const r = gatos(['policy', 'activate', `blake3:${'0'.repeat(64)}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: no published bundle blake3:0{64} \(see `git gatos policy log`\) \[POLICY_BUNDLE_NOT_FOUND\]\n$/);
  });
});
