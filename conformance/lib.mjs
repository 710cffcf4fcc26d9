// Black-box helpers for the conformance suite: the product is reached only through its CLI
// (`gatos`, or the executable named by GATOS_CLI) and plain git, in scratch directories.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The implementation under test: GATOS_CLI, else this checkout's bin/gatos, else `gatos` on PATH. */
export function resolveCli(env = process.env) {
  if (env.GATOS_CLI) return resolve(env.GATOS_CLI);
  const local = join(projectRoot, 'bin', 'gatos');
  return existsSync(local) ? local : 'gatos';
}

/** A failed assertion: the check fails with this reason. */
export class CheckFailure extends Error {}

export function assert(cond, reason) {
  if (!cond) throw new CheckFailure(reason);
}

/** One scratch workspace: a key store, a fixed identity for git, and a CLI runner bound to it. */
export class Sandbox {
  constructor(cli) {
    this.cli = cli;
    this.dir = mkdtempSync(join(tmpdir(), 'gatos-conformance-'));
    this.env = {
      ...process.env,
      GATOS_HOME: join(this.dir, 'home'),
      GIT_AUTHOR_NAME: 'conformance',
      GIT_AUTHOR_EMAIL: 'conformance@example.invalid',
      GIT_COMMITTER_NAME: 'conformance',
      GIT_COMMITTER_EMAIL: 'conformance@example.invalid',
      GIT_CONFIG_NOSYSTEM: '1',
      LC_ALL: 'C',
    };
    // The gate's hook finds the CLI on PATH; put the implementation under test first.
    if (cli.includes('/')) this.env.PATH = `${dirname(cli)}:${process.env.PATH ?? ''}`;
  }

  path(...parts) {
    return join(this.dir, ...parts);
  }

  write(rel, text) {
    const p = this.path(rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  }

  /** Runs the CLI; returns { code, stdout, stderr, json } (json when stdout parses). */
  gatos(cwd, args, input) {
    const r = spawnSync(this.cli, args, { cwd, env: this.env, encoding: 'utf8', input, maxBuffer: 64 << 20 });
    if (r.error) throw new CheckFailure(`cannot run ${this.cli}: ${r.error.message}`);
    let json;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = undefined;
    }
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
  }

  /** Runs the CLI and requires exit 0; returns the parsed --json output when asked for. */
  ok(cwd, args, input) {
    const r = this.gatos(cwd, args, input);
    assert(r.code === 0, `\`gatos ${args.join(' ')}\` exited ${r.code}: ${firstLine(r.stderr || r.stdout)}`);
    return r;
  }

  git(cwd, args, input) {
    const r = spawnSync('git', args, { cwd, env: this.env, encoding: 'utf8', input, maxBuffer: 64 << 20 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  gitOk(cwd, args, input) {
    const r = this.git(cwd, args, input);
    assert(r.code === 0, `git ${args.join(' ')} exited ${r.code}: ${firstLine(r.stderr)}`);
    return r.stdout.trim();
  }

  /** The ref's object id, or '' when it does not exist. */
  refOid(cwd, ref) {
    const r = this.git(cwd, ['rev-parse', '-q', '--verify', `${ref}^{commit}`]);
    return r.code === 0 ? r.stdout.trim() : '';
  }

  /** Writes a commit object whose message is `edit(message)`, everything else unchanged. */
  rewriteMessage(cwd, commit, edit) {
    const raw = this.gitOk(cwd, ['cat-file', 'commit', commit]) + '\n';
    const split = raw.indexOf('\n\n');
    const body = edit(raw.slice(split + 2));
    return this.gitOk(cwd, ['hash-object', '-t', 'commit', '-w', '--stdin'], raw.slice(0, split + 2) + body);
  }

  dispose() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function firstLine(text) {
  const line = String(text ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
