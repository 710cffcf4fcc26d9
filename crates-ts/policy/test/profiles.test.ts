import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES, PROFILES, isProfileName, profileNameOf, profileSettings, profileYaml } from '../src/index.js';

const profileFile = (name: string): unknown =>
  parse(readFileSync(fileURLToPath(new URL(`../../../profiles/${name}.yaml`, import.meta.url)), 'utf8'));

describe('profile table', () => {
  it.each(PROFILE_NAMES)('profiles/%s.yaml equals the typed table (docs and code cannot drift)', (name) => {
    expect(profileFile(name)).toEqual(JSON.parse(JSON.stringify(PROFILES[name])));
  });

  it('research is stricter than default where the spec says so', () => {
    expect(PROFILES.research.maxPolicyDepth).toBe(0);
    expect(PROFILES.default.maxPolicyDepth).toBe('server-config');
    expect(PROFILES.research.proofOfFold.replay).toBe('always');
    expect(PROFILES.research.pointerHardening && PROFILES.research.signedFolds).toBe(true);
    expect(PROFILES.default.pointerHardening || PROFILES.default.signedFolds).toBe(false);
  });

  it('runs an unknown name as default, and only knows default and research', () => {
    expect(profileSettings('saas-hosted')).toBe(PROFILES.default);
    expect(profileSettings('research')).toBe(PROFILES.research);
    expect(isProfileName('research')).toBe(true);
    expect(isProfileName('Research')).toBe(false);
    expect(isProfileName('__proto__')).toBe(false);
    expect(isProfileName('toString')).toBe(false);
  });
});

describe('profileNameOf', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('reads what profileYaml writes', () => {
    for (const name of PROFILE_NAMES) expect(profileNameOf(enc(profileYaml(name)))).toBe(name);
  });

  it('accepts quotes and a trailing comment, and falls back to default for missing or hostile content', () => {
    expect(profileNameOf(enc('profile: "research"  # chosen at init\n'))).toBe('research');
    expect(profileNameOf(undefined)).toBe('default');
    expect(profileNameOf(enc(''))).toBe('default');
    expect(profileNameOf(enc('profile: [research]\n'))).toBe('default');
    expect(profileNameOf(enc('profile: research; rm -rf /\n'))).toBe('default');
    expect(profileNameOf(new Uint8Array([0xff, 0xfe, 0x00]))).toBe('default');
    // Only a top-level key counts: an indented one belongs to another mapping.
    expect(profileNameOf(enc('other:\n  profile: research\n'))).toBe('default');
  });
});
