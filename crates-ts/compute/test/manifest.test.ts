import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blake3Hex, initHashes, isGatosError } from '@gatos/core';
import { checkoutRoot } from '@gatos/testkit';
import { manifestBytes, manifestId, parseManifest, parseTimeout } from '@gatos/compute';

interface Vector { name: string; yaml: string; canonical?: string; expected?: string; not?: string; error?: { code: string } }
const vectors = (JSON.parse(readFileSync(join(checkoutRoot, 'spec/vectors/jobs/manifest-ids.json'), 'utf8')) as { cases: Vector[] }).cases;

describe('job manifest ids (spec/vectors/jobs/manifest-ids.json)', () => {
  it.each(vectors)('$name', async (v) => {
    await initHashes();
    if (v.error) {
      let caught: unknown;
      try {
        parseManifest(v.yaml);
      } catch (err) {
        caught = err;
      }
      expect(isGatosError(caught, v.error.code), String(caught)).toBe(true);
      return;
    }
    const { manifest } = parseManifest(v.yaml);
    expect(new TextDecoder().decode(manifestBytes(manifest))).toBe(v.canonical);
    expect(manifestId(manifest)).toBe(v.expected);
    if (v.not) expect(manifestId(manifest)).not.toBe(v.not);
  });

  it('reproduces the args-less §13 digest from its raw bytes (so the vector itself is right)', () => {
    expect(blake3Hex(new TextEncoder().encode('{"command":["/bin/echo"],"timeout":30}'))).toBe('91ea3630553d1faf474d1bceafd285ff4cab74780c236d0332f7495cc7eb30c2');
  });

  it('gives the same id whatever the YAML key order and timeout spelling', () => {
    const a = parseManifest('command: [sh, -c, "echo hello > out.txt"]\ninputs: []\nenv: []\ntimeout: 30s\noutputs: [out.txt]\n');
    const b = parseManifest('outputs: [out.txt]\ntimeout: 30\nenv: []\ninputs: []\ncommand: [sh, -c, "echo hello > out.txt"]\n');
    expect(manifestId(a.manifest)).toBe(manifestId(b.manifest));
    expect(manifestId(parseManifest('command: [x]\noutputs: [a, b]\ntimeout: 1\n').manifest)).not.toBe(manifestId(parseManifest('command: [x]\noutputs: [b, a]\ntimeout: 1\n').manifest));
  });

  it('normalises timeouts to whole seconds and refuses the rest', () => {
    for (const [text, seconds] of [[30, 30], ['30', 30], ['30s', 30], ['PT30S', 30], ['5m', 300], ['1h', 3600], ['PT1H30M', 5400]] as const) expect(parseTimeout(text)).toBe(seconds);
    for (const bad of [0, -1, 1.5, 'PT1.5S', 'PT', 'P1D', '1.0', 'soon', null]) expect(() => parseTimeout(bad)).toThrow(/whole number of seconds/);
  });
});
