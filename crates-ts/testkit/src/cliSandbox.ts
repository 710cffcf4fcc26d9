import { afterAll, beforeAll } from 'vitest';
import { makeTempDir, makeTempRepo, type TempRepo } from './tempRepo.js';
import { runCli, type CliResult } from './runCli.js';

export interface CliSandbox {
  /** The key store (`GATOS_HOME`) of this sandbox. */
  readonly home: { readonly dir: string };
  /** A fresh repository the CLI runs in. */
  readonly repo: TempRepo;
  /** Runs the built CLI in the repository with the sandbox's key store. */
  gatos(args: readonly string[], input?: string): CliResult;
}

/**
 * A temp key store and repository for the tests of one file: created in `beforeAll`, removed in
 * `afterAll` (hooks registered here run before the file's own `beforeAll`).
 */
export function useCliSandbox(): CliSandbox {
  let home: { dir: string; cleanup(): void } | null = null;
  let repo: TempRepo | null = null;
  beforeAll(() => {
    home = makeTempDir('gatos-home-');
    repo = makeTempRepo();
  });
  afterAll(() => {
    home?.cleanup();
    repo?.cleanup();
  });
  const need = <T>(v: T | null): T => {
    if (v === null) throw new Error('useCliSandbox: used outside a test (before beforeAll ran)');
    return v;
  };
  return {
    get home() {
      return need(home);
    },
    get repo() {
      return need(repo);
    },
    gatos: (args, input) => runCli(args, { cwd: need(repo).dir, env: { GATOS_HOME: need(home).dir }, ...(input ? { input } : {}) }),
  };
}

/** The parsed `--json` output of a CLI run that must have succeeded silently (exit 0, empty stderr). */
export function okJson<T>(r: CliResult): T {
  if (r.code !== 0 || r.stderr !== '') throw new Error(`CLI run failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return JSON.parse(r.stdout) as T;
}
