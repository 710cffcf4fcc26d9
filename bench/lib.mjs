// Shared helpers for gatos benchmarks: temp repos, the built CLI, timing, and the JSON result lines.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const cli = join(root, 'crates-ts/cli/bin/gatos.js');

export const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};

/** A throwaway directory removed at exit. */
export function scratch(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `gatos-bench-${prefix}-`));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function git(cwd, args, input) {
  return execFileSync('git', args, { cwd, env, input, encoding: 'utf8', maxBuffer: 1 << 30 }).trim();
}

/** Runs the built CLI; throws with its stderr on a non-zero exit. */
export function gatos(cwd, args, extraEnv = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`gatos ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Wall time of `fn` in milliseconds. */
export async function time(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const round = (x) => Math.round(x * 100) / 100;

/** Human line now, JSON line at the end (the last lines of output are one JSON object per figure). */
const results = [];
export function report(bench, metric, value, unit, baseline, note) {
  const ratio = baseline ? value / baseline : null;
  console.log(`${bench}: ${metric} = ${round(value)} ${unit}   baseline ${round(baseline)} ${unit}${note ? ` (${note})` : ''}   ratio ${ratio === null ? '-' : round(ratio)}`);
  results.push({ bench, metric, value: round(value), unit, baseline: round(baseline), ratio: ratio === null ? null : round(ratio) });
}
export function printJsonLines() {
  for (const r of results) console.log(JSON.stringify(r));
}

/** A repository initialised by the real CLI as user:alice, with its own key store. */
export function initRepo(prefix) {
  const dir = scratch(prefix);
  const home = join(dir, 'home');
  const repo = join(dir, 'repo');
  git(dir, ['init', '-q', '-b', 'main', repo]);
  gatos(repo, ['init', '--actor', 'user:alice'], { GATOS_HOME: home });
  return { repo, home };
}

/** Writes `count` commits shaped like journal events (blob + one-entry tree + commit) with `git fast-import`. */
export function fastImportBaseline(count, payloadBytes) {
  const dir = scratch('fastimport');
  git(dir, ['init', '-q', '--bare', 'r.git']);
  const repo = join(dir, 'r.git');
  const body = 'x'.repeat(payloadBytes);
  const chunks = [];
  for (let i = 0; i < count; i++) {
    const data = `${body}${i}`;
    const msg = `tick\n\nEvent-CID: bafyr4i${String(i).padStart(52, 'a')}\nSig-Alg: ed25519\nSigner: ed25519:${'0'.repeat(64)}\nSig: ed25519:${'0'.repeat(128)}\n`;
    chunks.push(`commit refs/gatos/journal/bench/user/alice\nmark :${i + 1}\ncommitter user:alice <alice@user.gatos> ${1700000000 + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}`);
    if (i > 0) chunks.push(`from :${i}\n`);
    chunks.push(`M 100644 inline event.cbor\ndata ${Buffer.byteLength(data)}\n${data}\n\n`);
  }
  const stream = chunks.join('');
  const t0 = process.hrtime.bigint();
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, env, input: stream, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, rate: count / (ms / 1000), repo };
}
