import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCommit, encodeCommit, hashObject, readTreeFiles, treeFromFiles, type Oid } from '@gatos/core';
import { openRepository, runGit, type Repository } from '@gatos/git';
import { stateFilePath } from '@gatos/echo';
import { claimJob } from '@gatos/compute';
import { publishMessages } from '@gatos/mind';
import { loadSigner } from '@gatos/keys';
import { busCheck, DEFAULT_BUS_LIMITS } from '../src/doctor/checks/bus.js';
import { checkoutRoot, makeTempDir, okJson, runCli, testSigner, useCliSandbox, type CliResult } from '@gatos/testkit';

interface Finding { id: string; severity: 'error' | 'warning' | 'info'; subject: string; message: string; remedy: string }
interface Report { healthy: boolean; deep: boolean; counts: Record<string, number>; findings: Finding[]; fixed: string[] }

const sb = useCliSandbox();
let repo: Repository;
let stateTip: Oid;
let emptyTree: Oid;
let scratch: { dir: string; cleanup(): void };

const git = (...args: string[]): Promise<string> => runGit(sb.repo.dir, args).then((s) => s.trim());
/** Runs doctor with --json and returns the parsed report and exit code (stdout is JSON even on exit 1). */
function doctor(...args: string[]): { code: number; report: Report; r: CliResult } {
  const r = sb.gatos(['doctor', '--json', ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, r };
}
const ids = (report: Report): string[] => [...new Set(report.findings.map((f) => f.id))].sort();

beforeAll(async () => {
  mkdirSync(join(sb.repo.dir, 'gatos/folds'), { recursive: true });
  cpSync(join(checkoutRoot, 'examples/hello-ops/gatos/folds'), join(sb.repo.dir, 'gatos/folds'), { recursive: true });
  okJson(sb.gatos(['init', '--actor', 'user:alice', '--json']));
  okJson(sb.gatos(['event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"invoice":"i1","customer":"acme","amount":900}', '--json']));
  okJson(sb.gatos(['fold', '--ns', 'finance', '--json']));
  repo = await openRepository(sb.repo.dir);
  stateTip = (await repo.refs.read('refs/gatos/state/finance'))!;
  emptyTree = await git('hash-object', '-t', 'tree', '-w', '/dev/null');
  scratch = makeTempDir('gatos-doctor-');
});
afterAll(async () => {
  await repo.close();
  scratch.cleanup();
});

describe('git gatos doctor', () => {
  it('reports a clean repository (init + events + fold) as healthy, also with --deep', () => {
    const plain = okJson<Report>(sb.gatos(['doctor', '--json']));
    expect(plain).toEqual({ healthy: true, deep: false, counts: { error: 0, warning: 0, info: 0 }, findings: [], fixed: [] });
    expect(okJson<Report>(sb.gatos(['doctor', '--deep', '--json'])).healthy).toBe(true);
    const text = sb.gatos(['doctor']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^healthy \(0 warning\(s\), 0 info\)$/m);
    expect(text.stderr).toMatch(/^doctor: journals$/m); // progress goes to stderr, not stdout
  });

  it('ref.non-ff: the reflog of a fast-forward-only ref shows it rewound (forward moves are fine)', async () => {
    const ref = 'refs/gatos/audit/doctor';
    const first = await git('commit-tree', emptyTree, '-m', 'first');
    const second = await git('commit-tree', emptyTree, '-p', first, '-m', 'second');
    const other = await git('commit-tree', emptyTree, '-m', 'rewritten');
    await git('update-ref', '--create-reflog', ref, first);
    await git('update-ref', ref, second);
    try {
      expect(okJson<Report>(sb.gatos(['doctor', '--json'])).findings).toEqual([]);
      await git('update-ref', ref, other);
      const { code, report } = doctor();
      expect(code).toBe(1);
      expect(ids(report)).toEqual(['ref.non-ff']);
      expect(report.findings[0]).toMatchObject({ severity: 'error', subject: `${ref}@${other}` });
      expect(report.findings[0]!.message).toContain(`moved from ${second} to ${other}`);
    } finally {
      await git('update-ref', '-d', ref);
    }
  });

  it('journal.invalid: a journal commit that is not a signed event', async () => {
    const bogus = await git('commit-tree', emptyTree, '-m', 'not an event');
    await git('update-ref', 'refs/gatos/journal/finance/user/mallory', bogus);
    try {
      const { code, report } = doctor();
      expect(code).toBe(1);
      expect(ids(report)).toEqual(['journal.invalid']);
      const f = report.findings[0]!;
      expect(f).toMatchObject({ severity: 'error', subject: `refs/gatos/journal/finance/user/mallory@${bogus}` });
      expect(f.remedy).not.toBe('');
      expect(report.healthy).toBe(false);
    } finally {
      await git('update-ref', '-d', 'refs/gatos/journal/finance/user/mallory');
    }
  });

  it('ref.bad-name: a ref that breaks the gatos layout for its kind', async () => {
    const ref = 'refs/gatos/objects/extra';
    await git('update-ref', ref, stateTip);
    try {
      const { code, report } = doctor();
      expect(code).toBe(1);
      expect(ids(report)).toEqual(['ref.bad-name']);
      expect(report.findings[0]).toMatchObject({ severity: 'error', subject: ref });
      expect(report.findings[0]!.message).toContain('is not refs/gatos/objects');
    } finally {
      await git('update-ref', '-d', ref);
    }
  });

  it('ref.dangling: a ref naming an object the store does not have (git for-each-ref would hide it)', () => {
    const dir = join(sb.repo.dir, '.git/refs/gatos/cache');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'lost'), `${'ab'.repeat(20)}\n`);
    try {
      const { code, report } = doctor();
      expect(code).toBe(1);
      expect(ids(report)).toEqual(['ref.dangling']);
      expect(report.findings[0]).toMatchObject({ severity: 'error', subject: 'refs/gatos/cache/lost' });
      expect(report.findings[0]!.message).toContain('ab'.repeat(20));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('state.pof-missing: a state ref whose tip is a plain commit without Proof-of-Fold', async () => {
    const plain = await git('commit-tree', emptyTree, '-m', 'hand-made state');
    await git('update-ref', 'refs/gatos/state/finance', plain);
    try {
      const { code, report } = doctor();
      expect(code).toBe(1);
      expect(ids(report)).toEqual(['state.pof-missing']);
      expect(report.findings[0]).toMatchObject({ severity: 'error', subject: `refs/gatos/state/finance@${plain}` });
      expect(report.findings[0]!.remedy).toContain('git gatos fold --ns finance');
    } finally {
      await git('update-ref', 'refs/gatos/state/finance', stateTip);
    }
  });

  it('state.pof-mismatch (--deep only): a checkpoint whose state file was edited after folding', async () => {
    const commit = decodeCommit((await repo.objects.read(stateTip)).body);
    const files = new Map(await readTreeFiles(repo.objects, commit.tree));
    files.set(stateFilePath('finance'), new TextEncoder().encode('{"customers":{"acme":0},"invoices":{}}'));
    const { root, objects } = treeFromFiles(files);
    const body = encodeCommit({ ...commit, tree: root });
    await repo.objects.write([...objects, { type: 'commit', body }]);
    const forged = hashObject('commit', body);
    await git('update-ref', 'refs/gatos/state/finance', forged);
    try {
      expect(doctor().code).toBe(0); // the PoF is present; only a replay shows the lie
      const { code, report } = doctor('--deep');
      expect(code).toBe(1);
      expect(ids(report)).toEqual(['state.pof-mismatch']);
      expect(report.findings[0]!.message).toContain('state.file');
      expect(report.deep).toBe(true);
    } finally {
      await git('update-ref', 'refs/gatos/state/finance', stateTip);
    }
  });

  it('policy.inactive-bundle (info, exit 0): a bundle published without activation', async () => {
    const file = join(sb.repo.dir, 'gatos/config/extra.yaml');
    writeFileSync(file, 'note: meant to be activated later\n');
    try {
      const published = okJson<{ bundleId: string; commit: string; activated: boolean }>(sb.gatos(['policy', 'publish', '--no-activate', '--no-commit', '--json']));
      expect(published.activated).toBe(false);
      const { code, report } = doctor();
      expect(code).toBe(0);
      expect(ids(report)).toEqual(['policy.inactive-bundle']);
      expect(report.findings[0]).toMatchObject({ severity: 'info', subject: `refs/gatos/policies/${published.bundleId.replace(/^blake3:/, '')}` });
      expect(report).toMatchObject({ healthy: true, counts: { error: 0, warning: 0, info: 1 } });
      await git('update-ref', '-d', report.findings[0]!.subject);
    } finally {
      rmSync(file);
    }
  });

  it('jobs.stale-claim (warning): a claim whose lease ended with no result', async () => {
    const jobId = okJson<{ jobId: string }>(sb.gatos(['job', 'submit', '-', '--json'], 'command: ["true"]\ntimeout: 5\nargs: [doctor-stale]\n')).jobId;
    const longAgo = Date.UTC(2021, 0, 1);
    const claim = await claimJob(repo, jobId, testSigner('user:alice'), { clock: { now: () => longAgo } });
    const { code, report } = doctor();
    expect(code).toBe(0);
    expect(ids(report)).toEqual(['jobs.stale-claim']);
    expect(report.findings[0]).toMatchObject({ severity: 'warning', subject: claim.commit, remedy: `git gatos job expire ${jobId} (then any worker may claim it again)` });
    expect(report.findings[0]!.message).toContain('2021-01-01');
    okJson(sb.gatos(['job', 'cancel', jobId, '--json']));
    expect(ids(doctor().report)).toEqual([]);
  });

  /** Deletes every ref of a bus topic (messages, head) so later tests see a clean bus. */
  const dropTopic = async (topic: string): Promise<void> => {
    for (const line of (await git('for-each-ref', '--format=%(refname)', `refs/gatos/mbus/${topic}/`)).split('\n').filter(Boolean)) await git('update-ref', '-d', line);
  };

  it('bus.ttl-no-summary (warning): a segment older than the 30-day TTL that was never pruned', async () => {
    const longAgo = Date.UTC(2021, 0, 1);
    await publishMessages(repo, 'doctor.old', await loadSigner(sb.home.dir, 'user:alice'), [{ payload: { n: 1 } }], { clock: { now: () => longAgo } });
    try {
      const { code, report } = doctor();
      expect(code).toBe(0);
      expect(ids(report)).toEqual(['bus.ttl-no-summary']);
      expect(report.findings[0]).toMatchObject({ severity: 'warning', remedy: 'git gatos bus prune doctor.old --older-than 30d' });
      expect(report.findings[0]!.subject).toMatch(/^refs\/gatos\/mbus\/doctor\.old\//);
      okJson(sb.gatos(['bus', 'prune', 'doctor.old', '--older-than', '30d', '--json']));
      expect(ids(doctor().report)).toEqual([]); // a pruned segment holds a summary: nothing overdue
    } finally {
      await dropTopic('doctor.old');
    }
  });

  it('bus.segment-over-threshold (warning): the check counts a segment past the rotation threshold', async () => {
    const clock = { now: () => Date.now() };
    await publishMessages(repo, 'doctor.big', await loadSigner(sb.home.dir, 'user:alice'), [{ payload: { n: 1 } }, { payload: { n: 2 } }, { payload: { n: 3 } }], { clock });
    try {
      const ctx = { repo, deep: false, progress: () => undefined };
      expect(await busCheck(clock, DEFAULT_BUS_LIMITS).run(ctx)).toEqual([]); // 3 ≤ 100,000
      const findings = await busCheck(clock, { segmentMaxMessages: 2, ttlDays: 30 }).run(ctx);
      expect(findings.map((f) => f.id)).toEqual(['bus.segment-over-threshold']);
      expect(findings[0]!.message).toContain('holds 3 messages (rotation threshold 2)');
    } finally {
      await dropTopic('doctor.big');
    }
  });

  describe('on a bare repository', () => {
    let bare: string;
    const onBare = (...args: string[]): CliResult => runCli(['doctor', '-C', bare, ...args], { cwd: scratch.dir, env: { GATOS_HOME: sb.home.dir } });

    beforeAll(async () => {
      bare = join(scratch.dir, 'server.git');
      await git('clone', '--bare', '--quiet', sb.repo.dir, bare);
      await runGit(bare, ['fetch', '--quiet', sb.repo.dir, '+refs/gatos/*:refs/gatos/*']);
    });

    it('hook.missing: a warning (exit 0), and --fix does not install a gate on its own', () => {
      const r = onBare('--json', '--fix');
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      expect(ids(report)).toEqual(['hook.missing']);
      expect(report.findings[0]).toMatchObject({ severity: 'warning', remedy: `git gatos hook install ${report.findings[0]!.subject}` });
      expect(report).toMatchObject({ healthy: true, fixed: [] });
    });

    it('hook.outdated: an error (exit 1); --fix rewrites the hook and says so', () => {
      expect(runCli(['hook', 'install', bare], { cwd: scratch.dir, env: { GATOS_HOME: sb.home.dir } }).code).toBe(0);
      expect(okJson<Report>(onBare('--json')).findings).toEqual([]);
      appendFileSync(join(bare, 'hooks/pre-receive'), '# edited by hand\n');
      const before = onBare('--json');
      expect(before.code).toBe(1);
      const report = JSON.parse(before.stdout) as Report;
      expect(ids(report)).toEqual(['hook.outdated']);
      expect(report.findings[0]!.subject).toMatch(/hooks\/pre-receive$/);

      const fixed = onBare('--fix');
      expect(fixed.code).toBe(0);
      expect(fixed.stdout).toMatch(/^fixed: rewrote .*hooks\/pre-receive$/m);
      expect(fixed.stdout).toMatch(/^healthy/m);
      expect(okJson<Report>(onBare('--json')).findings).toEqual([]);
    });
  });

  it('hostile input: an unknown flag or a path that is not a repository is a usage error (exit 2), no stack trace', () => {
    const flag = sb.gatos(['doctor', '--repair-everything']);
    expect(flag.code).toBe(2);
    const missing = sb.gatos(['doctor', '-C', join(scratch.dir, 'no-such-repo')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: /);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
