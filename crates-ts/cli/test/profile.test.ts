import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GATE_LIMITS, limitsForProfile } from '@gatos/gate';
import { DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENT_MESSAGES } from '@gatos/mind';
import { PROFILES, type ProfileSettings } from '@gatos/policy';
import { okJson, runCli, testGitEnv, useCliSandbox, type CliResult } from '@gatos/testkit';

const sb = useCliSandbox();
const gatos = (args: string[]): CliResult => sb.gatos(args);
const json = okJson;
interface Shown { profile: string; known: boolean; policyRoot: string | null; settings: ProfileSettings }
interface SetResult { profile: string; previous: string; policyRoot: string; bundleId: string; changed: boolean; workTreeCommit: string | null; settings: ProfileSettings }
const profileFile = (): string => readFileSync(join(sb.repo.dir, 'gatos/config/profile.yaml'), 'utf8');

describe('git gatos profile show and set', () => {
  it('shows default before any policy exists, then after init', () => {
    expect(json<Shown>(gatos(['profile', 'show', '--json']))).toEqual({ profile: 'default', known: true, policyRoot: null, settings: JSON.parse(JSON.stringify(PROFILES.default)) });
    const init = json<{ policyRoot: string }>(gatos(['init', '--actor', 'user:alice', '--json']));
    const shown = json<Shown>(gatos(['profile', 'show', '--json']));
    expect(shown).toMatchObject({ profile: 'default', known: true, policyRoot: init.policyRoot });
    const text = gatos(['profile', 'show']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('profile: default\n');
    expect(text.stdout).toContain('policy depth:      server setting gatos.gate.maxPolicyDepth');
  });

  it('set research writes the file, commits gatos/, publishes and activates a bundle; show reads it back; setting it again changes nothing', () => {
    const before = sb.repo.git('rev-parse', 'refs/gatos/policies/active');
    const set = json<SetResult>(gatos(['profile', 'set', 'research', '--json']));
    expect(set).toMatchObject({ profile: 'research', previous: 'default', changed: true });
    expect(set.settings).toEqual(JSON.parse(JSON.stringify(PROFILES.research)));
    expect(profileFile()).toBe('profile: research\n');
    expect(sb.repo.git('rev-parse', 'refs/gatos/policies/active')).toBe(set.policyRoot);
    expect(sb.repo.git('rev-parse', `${set.policyRoot}^`)).toBe(before);
    expect(sb.repo.git('show', `${set.policyRoot}:config/profile.yaml`)).toBe('profile: research');
    expect(sb.repo.git('log', '-1', '--format=%s', 'HEAD')).toBe('gatos: set profile research');
    expect(sb.repo.git('status', '--porcelain', '--', 'gatos')).toBe('');

    const shown = json<Shown>(gatos(['profile', 'show', '--json']));
    expect(shown).toEqual({ profile: 'research', known: true, policyRoot: set.policyRoot, settings: set.settings });
    expect(gatos(['profile', 'show']).stdout).toContain('policy depth:      0 (events must name the active bundle)');

    const again = json<SetResult>(gatos(['profile', 'set', 'research', '--json']));
    expect(again).toMatchObject({ changed: false, previous: 'research', policyRoot: set.policyRoot, workTreeCommit: null });
    const back = json<SetResult>(gatos(['profile', 'set', 'default', '--json']));
    expect(back).toMatchObject({ profile: 'default', previous: 'research', changed: true });
    expect(json<Shown>(gatos(['profile', 'show', '--json'])).profile).toBe('default');
  });

  it.each(['local', 'Research', '__proto__', '../../config/profile', 'research\nprofile: x', ''])('refuses unknown profile %j with exit 2 and writes nothing', (name) => {
    const refs = sb.repo.git('for-each-ref', 'refs/gatos/');
    const head = sb.repo.git('rev-parse', 'HEAD');
    const file = profileFile();
    const r = gatos(['profile', 'set', name]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (name !== '') expect(r.stderr).toBe(`error: unknown profile ${JSON.stringify(name)} (known: default, research) [PROFILE_UNKNOWN]\n`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(sb.repo.git('for-each-ref', 'refs/gatos/')).toBe(refs);
    expect(sb.repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(profileFile()).toBe(file);
  });

  it('refuses to publish over an invalid policy file, naming it, and writes nothing', () => {
    const refs = sb.repo.git('for-each-ref', 'refs/gatos/');
    const file = profileFile();
    mkdirSync(join(sb.repo.dir, 'gatos/policies'), { recursive: true });
    writeFileSync(join(sb.repo.dir, 'gatos/policies/bad.yaml'), 'version: 1\nnamespaces:\n  ops:\n    writers: ["@nobody"]\n');
    try {
      const r = gatos(['profile', 'set', 'research']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('gatos/policies/bad.yaml:4');
      expect(sb.repo.git('for-each-ref', 'refs/gatos/')).toBe(refs);
      expect(profileFile()).toBe(file);
    } finally {
      rmSync(join(sb.repo.dir, 'gatos/policies/bad.yaml'));
    }
  });

  it('reports a recorded name it does not know, and runs it as default (as the gate does)', () => {
    writeFileSync(join(sb.repo.dir, 'gatos/config/profile.yaml'), 'profile: saas-hosted\n');
    json(gatos(['policy', 'publish', '--json']));
    const shown = json<Shown>(gatos(['profile', 'show', '--json']));
    expect(shown).toMatchObject({ profile: 'saas-hosted', known: false });
    expect(shown.settings).toEqual(JSON.parse(JSON.stringify(PROFILES.default)));
    expect(gatos(['profile', 'show']).stdout).toContain('profile: saas-hosted (unknown: runs as default)');
    expect(json<SetResult>(gatos(['profile', 'set', 'default', '--json'])).previous).toBe('saas-hosted');
  });
});

describe('the profile table is what the code uses', () => {
  it('the gate derives its limits from the table, keeping server settings the profile leaves open', () => {
    const server = { ...DEFAULT_GATE_LIMITS, maxPolicyDepth: 3, replayProofOfFold: 0 };
    expect(limitsForProfile(server, 'default')).toEqual(server);
    expect(limitsForProfile(server, 'nonsense')).toEqual(server);
    expect(limitsForProfile(server, 'research')).toEqual({ ...server, maxPolicyDepth: 0, replayProofOfFold: 1 });
  });

  it('bus settings equal the rotation defaults of git gatos bus publish and the gate prune window', () => {
    for (const p of Object.values(PROFILES)) {
      expect(p.bus.segmentMaxMessages).toBe(DEFAULT_SEGMENT_MESSAGES);
      expect(p.bus.segmentMaxBytes).toBe(DEFAULT_SEGMENT_BYTES);
      expect(p.bus.ttlDays * 86_400_000).toBe(DEFAULT_GATE_LIMITS.busActiveWithinMs);
    }
  });
});

/**
 * The gate applies the profile of the bundle a push activates: an event signed under the previous
 * bundle is accepted under default (ancestry allowed) and refused under research (events must name
 * exactly the active bundle), after `profile set` is pushed together with the event.
 */
describe('the gate applies the profile set by git gatos profile set', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gatos-profile-gate-'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const scenario = (name: string, from: 'default' | 'research', to: 'default' | 'research'): CliResult => {
    const bare = join(root, `${name}.git`);
    const work = join(root, name);
    const env = { GATOS_HOME: join(root, `${name}-home`) };
    const run = (args: string[]): CliResult => runCli(args, { cwd: work, env });
    const ok = (r: CliResult): CliResult => {
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      return r;
    };
    execFileSync('git', ['init', '-q', '--bare', bare], { env: testGitEnv });
    ok(runCli(['hook', 'install', bare], { cwd: root }));
    mkdirSync(work);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: work, env: testGitEnv });
    ok(run(['init', '--actor', 'user:alice', '--profile', from]));
    ok(run(['sync', bare]));
    // Signed under the first bundle, then the profile changes before it is pushed.
    ok(run(['event', 'append', '--ns', 'ops', '--type', 'note.added', '--payload', '{"n":1}']));
    ok(run(['profile', 'set', to]));
    return run(['sync', bare]);
  };

  it('default: an event naming the previous bundle is accepted', () => {
    const r = scenario('to-default', 'research', 'default');
    expect(r.code, r.stderr).toBe(0);
  });

  it('research: the same push is denied with gatos.journal.policy-root', () => {
    const r = scenario('to-research', 'default', 'research');
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toContain('gatos.journal.policy-root');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
  });
});
