import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkoutRoot, makeTempDir, runCliAsync } from '@gatos/testkit';

interface Report {
  cli: string;
  passed: number;
  failed: number;
  results: Array<{ id: string; spec: string; ok: boolean; reason: string }>;
}

const runner = join(checkoutRoot, 'conformance/run.mjs');
// The whole suite spawns many CLI processes; give vitest room (nothing here asserts on elapsed time).
const SUITE_TIMEOUT = 900_000;

function runSuite(args: string[]): Promise<{ code: number | null; report: Report | undefined; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [runner, '--json', ...args], { cwd: checkoutRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => {
      let report: Report | undefined;
      try {
        report = JSON.parse(out) as Report;
      } catch {
        report = undefined;
      }
      done({ code, report, stderr: err });
    });
  });
}

/** A broken implementation: the real CLI, except for one sub-command replaced by a shell snippet. */
function fakeCli(dir: string, name: string, match: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `#!/bin/sh\n# planted violation for the conformance test\n${match} then\n${body}\nfi\nexec '${join(checkoutRoot, 'bin/gatos')}' "$@"\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

let tmp: { dir: string; cleanup(): void };
beforeAll(() => {
  tmp = makeTempDir('gatos-conformance-test-');
});
afterAll(() => tmp.cleanup());

describe('conformance suite against this implementation', () => {
  it(
    'passes every check, one result per check with a stable id',
    async () => {
      const { code, report, stderr } = await runSuite([]);
      expect(report, stderr).toBeDefined();
      const failures = report!.results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.reason}`);
      expect(failures).toEqual([]);
      expect(code).toBe(0);
      const ids = report!.results.map((r) => r.id);
      expect(ids).toEqual(expect.arrayContaining(['C01', 'C02', 'C03', 'C11', 'C13', 'C24', 'D01']));
      expect(new Set(ids).size).toBe(ids.length);
    },
    SUITE_TIMEOUT,
  );
});

describe('planted violations make the right check fail', () => {
  it(
    'a verifier that accepts any checkpoint fails C11 (and only C11 is run)',
    async () => {
      const cli = fakeCli(tmp.dir, 'lenient-verify', 'if [ "$1" = fold ] && [ "$2" = verify ];', `  echo '{"verdict":"verified"}'; exit 0`);
      const { code, report } = await runSuite(['--only', 'C11', '--cli', cli]);
      expect(code).toBe(1);
      expect(report!.results).toHaveLength(1);
      expect(report!.results[0]).toMatchObject({ id: 'C11', ok: false });
      expect(report!.results[0]!.reason).toMatch(/without State-Root verified/);
    },
    SUITE_TIMEOUT,
  );

  it(
    'a server without the gate (hook install does nothing) fails C02: the rewritten journal is accepted',
    async () => {
      const cli = fakeCli(tmp.dir, 'no-gate', 'if [ "$1" = hook ] && [ "$2" = install ];', `  echo '{}'; exit 0`);
      const { code, report } = await runSuite(['--only', 'C02', '--cli', cli]);
      expect(code).toBe(1);
      expect(report!.results[0]).toMatchObject({ id: 'C02', ok: false });
      expect(report!.results[0]!.reason).toMatch(/non-fast-forward journal update was accepted/);
    },
    SUITE_TIMEOUT,
  );

  it(
    'a lint that finds nothing fails C14',
    async () => {
      const cli = fakeCli(tmp.dir, 'blind-lint', 'if [ "$1" = lint ];', `  echo '{"errors":0}'; exit 0`);
      const { code, report } = await runSuite(['--only', 'spec-12.14', '--cli', cli]);
      expect(code).toBe(1);
      expect(report!.results[0]).toMatchObject({ id: 'C14', ok: false });
      expect(report!.results[0]!.reason).toMatch(/lint accepted fold code using random/);
    },
    SUITE_TIMEOUT,
  );

  it('a CLI that cannot be run fails every selected check with the reason', async () => {
    const { code, report } = await runSuite(['--only', 'C14', '--cli', join(tmp.dir, 'missing-gatos')]);
    expect(code).toBe(1);
    expect(report!.results[0]!.reason).toMatch(/cannot run/);
  });
});

describe('git gatos conformance', () => {
  it(
    'runs the same runner, prints PASS lines and returns the report as --json',
    async () => {
      const human = await runCliAsync(['conformance', '--only', 'C14'], { cwd: tmp.dir });
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^C14 PASS spec-12\.14: ok/m);
      expect(human.stdout).toMatch(/conformance: 1 passed, 0 failed, 1 checks/);
      const json = await runCliAsync(['conformance', '--only', 'C14', '--json'], { cwd: tmp.dir });
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ passed: 1, failed: 0, results: [{ id: 'C14', ok: true }] });
    },
    SUITE_TIMEOUT,
  );

  it('exits 1 when a check fails against a broken implementation', async () => {
    const cli = fakeCli(tmp.dir, 'blind-lint-2', 'if [ "$1" = lint ];', `  exit 0`);
    const r = await runCliAsync(['conformance', '--only', 'C14', '--cli', cli], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^C14 FAIL spec-12\.14: lint accepted/m);
  });

  it('rejects an unknown check id as a usage error (exit 2) without running anything', async () => {
    const r = await runCliAsync(['conformance', '--only', 'C99', '--json'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/unknown check id C99/);
  });
});
