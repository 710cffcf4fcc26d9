// The conformance checks. Each has a stable id (C<nn> = SPEC-DIGEST §12 item nn; D<nn> = dogfood),
// a spec reference, a title and a run(ctx) that throws CheckFailure with the reason when the
// implementation under test misbehaves. Checks reach the product only through its CLI and git.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, projectRoot, firstLine } from './lib.mjs';

const FOLD_YAML = `name: balances
inputs: [finance]
entry: balances.js
version: 1
`;
// A small deterministic fold: running totals per customer.
const FOLD_JS = `export function init() {
  return { totals: {} };
}

export function step(state, event) {
  const p = event.payload;
  if (typeof p.customer === 'string' && typeof p.amount === 'number') {
    state.totals[p.customer] = (state.totals[p.customer] ?? 0) + p.amount;
  }
  return state;
}
`;

const JOURNAL = 'refs/gatos/journal/finance/user/alice';
const STATE = 'refs/gatos/state/finance';
const DENY = 'refs/gatos/audit/policy/deny';
const REQUIRED_TRAILERS = ['State-Root', 'Ledger-Head', 'Policy-Root', 'Fold-Engine', 'Fold-Root'];

/**
 * Shared fixture (built once, lazily): repository `repo` with alice's key, a fold, two events and a
 * checkpoint, mirrored to a bare `server.git` guarded by the gate hook.
 */
export function ledgerFixture(ctx) {
  if (ctx.fixture) return ctx.fixture;
  if (ctx.fixtureError) throw ctx.fixtureError;
  try {
    return buildFixture(ctx);
  } catch (err) {
    ctx.fixtureError = err; // later checks report the same cause instead of rebuilding
    throw err;
  }
}

function buildFixture(ctx) {
  const sb = ctx.sb;
  const repo = sb.path('repo');
  sb.gitOk(sb.dir, ['init', '-q', '-b', 'main', repo]);
  sb.ok(repo, ['init', '--actor', 'user:alice', '--json']);
  sb.write('repo/gatos/folds/balances.yaml', FOLD_YAML);
  sb.write('repo/gatos/folds/balances.js', FOLD_JS);
  sb.ok(repo, ['policy', 'publish', '--json']);
  sb.ok(repo, ['event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"customer":"acme","amount":1200}', '--json']);
  sb.ok(repo, ['event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"customer":"globex","amount":450}', '--json']);
  const fold = sb.ok(repo, ['fold', '--ns', 'finance', '--json']).json;
  assert(fold && typeof fold.stateRoot === 'string', 'fold --json reported no stateRoot');
  const server = sb.path('server.git');
  sb.gitOk(sb.dir, ['init', '-q', '--bare', server]);
  sb.ok(sb.dir, ['hook', 'install', server, '--trust-from', repo, '--json']);
  sb.gitOk(repo, ['push', '-q', server, 'refs/gatos/*:refs/gatos/*', 'refs/heads/main']);
  ctx.fixture = { repo, server, stateRoot: fold.stateRoot, checkpoint: sb.refOid(repo, STATE) };
  return ctx.fixture;
}

/**
 * A clone of the fixture whose own checkpoint is folded unsigned (a second process over the same
 * events and policy). Checkpoint plants use it so a folder signature cannot mask a trailer check.
 */
function unsignedClone(ctx) {
  if (ctx.unsigned) return ctx.unsigned;
  const sb = ctx.sb;
  const { repo } = ledgerFixture(ctx);
  const clone = sb.path('clone-unsigned');
  sb.gitOk(sb.dir, ['clone', '-q', repo, clone]);
  sb.gitOk(clone, ['fetch', '-q', repo, '+refs/gatos/journal/*:refs/gatos/journal/*', '+refs/gatos/policies/*:refs/gatos/policies/*']);
  const fold = sb.ok(clone, ['fold', '--ns', 'finance', '--no-sign', '--json']).json;
  ctx.unsigned = { repo: clone, stateRoot: fold?.stateRoot, checkpoint: sb.refOid(clone, STATE) };
  return ctx.unsigned;
}

/** A job submitted and run by `worker --once` in the fixture repository (built once). */
function jobFixture(ctx) {
  if (ctx.job) return ctx.job;
  const sb = ctx.sb;
  const { repo } = ledgerFixture(ctx);
  const manifest = sb.write('jobs/c37.yaml', 'command: [sh, -c, "echo conformance > out.txt"]\ntimeout: 30s\noutputs: [out.txt]\n');
  const jobId = sb.ok(repo, ['job', 'submit', manifest]).stdout.trim();
  sb.ok(repo, ['worker', '--once', '--json']);
  const resultRef = `refs/gatos/jobs/${jobId.replace(/^blake3:/, '')}/result`;
  const result = sb.refOid(repo, resultRef);
  assert(result, `worker --once left no ${resultRef}`);
  ctx.job = { repo, jobId, result, resultRef };
  return ctx.job;
}

/** Pushes `src` to `ref` on the fixture server; asserts the gate refused it and the ref did not move. */
function expectRefused(ctx, src, ref, what, from) {
  const { repo, server } = ledgerFixture(ctx);
  const sb = ctx.sb;
  const before = sb.refOid(server, ref);
  const denies = countCommits(ctx, server, DENY);
  const r = sb.git(from ?? repo, ['push', '--porcelain', server, `+${src}:${ref}`]);
  const after = sb.refOid(server, ref);
  assert(after === before, `${what} was accepted: ${ref} moved ${before || '(none)'} -> ${after}`);
  assert(r.code !== 0, `${what}: push exited 0 although the ref did not move`);
  return { denies, stderr: r.stderr };
}

function countCommits(ctx, cwd, ref) {
  if (!ctx.sb.refOid(cwd, ref)) return 0;
  return Number(ctx.sb.gitOk(cwd, ['rev-list', '--count', ref]));
}

/** Copies the Proof-of-Fold note (if any) so a rewritten checkpoint differs only in its message. */
function copyPofNote(ctx, repo, from, to) {
  for (const notes of ['refs/notes/gatos/pof']) {
    if (ctx.sb.refOid(repo, notes)) ctx.sb.git(repo, ['notes', `--ref=${notes}`, 'copy', '-f', from, to]);
  }
}

function plantCheckpoint(ctx, edit) {
  const { repo, checkpoint } = unsignedClone(ctx);
  const planted = ctx.sb.rewriteMessage(repo, checkpoint, edit);
  copyPofNote(ctx, repo, checkpoint, planted);
  return planted;
}

function foldVerify(ctx, target) {
  const { repo } = unsignedClone(ctx);
  return ctx.sb.gatos(repo, ['fold', 'verify', target, '--json']);
}

const dropTrailer = (name) => (msg) => msg.split('\n').filter((l) => !l.startsWith(`${name}:`)).join('\n');

export const checks = [
  {
    id: 'C01',
    spec: 'spec-12.1',
    title: 'same events and policy folded in two processes give byte-identical state and equal State-Root',
    run(ctx) {
      const sb = ctx.sb;
      const { repo, stateRoot, checkpoint } = ledgerFixture(ctx);
      const { repo: clone, ...again } = unsignedClone(ctx);
      assert(again.stateRoot === stateRoot, `State-Root differs: ${again?.stateRoot} vs ${stateRoot}`);
      const treeA = sb.gitOk(repo, ['rev-parse', `${checkpoint}^{tree}`]);
      const listA = sb.gitOk(repo, ['ls-tree', '-r', treeA]).split('\n').filter((l) => /\tstate\//.test(l));
      const listB = sb.gitOk(clone, ['ls-tree', '-r', `${sb.refOid(clone, STATE)}^{tree}`]).split('\n').filter((l) => /\tstate\//.test(l));
      assert(listA.length > 0, 'checkpoint tree has no state/ files');
      assert(listA.join('\n') === listB.join('\n'), 'state/ files differ between the two folds');
    },
  },
  {
    id: 'C02',
    spec: 'spec-12.2',
    title: 'a non-descendant update of a journal ref is rejected',
    run(ctx) {
      const sb = ctx.sb;
      const { repo } = ledgerFixture(ctx);
      const tip = sb.refOid(repo, JOURNAL);
      const orphan = sb.gitOk(repo, ['commit-tree', `${tip}^{tree}`], 'rewritten history\n');
      expectRefused(ctx, orphan, JOURNAL, 'a non-fast-forward journal update');
    },
  },
  {
    id: 'C03',
    spec: 'spec-12.3',
    title: 'a merge commit on a journal ref is rejected',
    run(ctx) {
      const sb = ctx.sb;
      const { repo } = ledgerFixture(ctx);
      const tip = sb.refOid(repo, JOURNAL);
      const side = sb.gitOk(repo, ['commit-tree', `${tip}^{tree}`], 'side\n');
      const merge = sb.gitOk(repo, ['commit-tree', `${tip}^{tree}`, '-p', tip, '-p', side], 'merge\n');
      expectRefused(ctx, merge, JOURNAL, 'a merge on a journal');
    },
  },
  {
    id: 'C06',
    spec: 'spec-12.6',
    title: 'changing a signed event field (not sig) is detected: the tampered journal fails verification and the gate',
    partial: 'tamper detection only; CID independence from sig is not observable through the CLI',
    run(ctx) {
      const sb = ctx.sb;
      const { repo } = ledgerFixture(ctx);
      const work = sb.path('clone-c06');
      sb.gitOk(sb.dir, ['clone', '-q', repo, work]);
      sb.gitOk(work, ['fetch', '-q', repo, '+refs/gatos/*:refs/gatos/*']);
      const tip = sb.refOid(work, JOURNAL);
      const parent = sb.gitOk(work, ['rev-parse', `${tip}^`]);
      // Change the amount inside the stored envelope: 450 -> 451 (CBOR uint16 0x19 0x01 0xc2).
      const tree = tamperTree(sb, work, tip, Buffer.from([0x19, 0x01, 0xc2]), 2, 0xc3);
      assert(tree, 'could not locate the event amount in the journal commit to tamper with');
      const message = sb.gitOk(work, ['log', '-1', '--format=%B', tip]) + '\n';
      const forged = sb.gitOk(work, ['commit-tree', tree, '-p', parent], message);
      sb.gitOk(work, ['update-ref', JOURNAL, forged]);
      const v = sb.gatos(work, ['event', 'verify', '--json']);
      assert(v.code === 1, `event verify exited ${v.code} on a tampered event (expected 1)`);
      // The gate must refuse it too, as a fast-forward on the tip (it also repeats a ULID: either way it must not land).
      const onTip = sb.gitOk(work, ['commit-tree', tree, '-p', tip], message);
      expectRefused(ctx, onTip, JOURNAL, 'a journal commit carrying a tampered event', work);
    },
  },
  {
    id: 'C11',
    spec: 'spec-12.11',
    title: 'a checkpoint missing a required trailer fails verification; an unknown trailer or missing Fold-Math does not',
    run(ctx) {
      const good = foldVerify(ctx, unsignedClone(ctx).checkpoint);
      assert(good.code === 0, `fold verify of a fresh checkpoint exited ${good.code}: ${firstLine(good.stderr)}`);
      for (const name of REQUIRED_TRAILERS) {
        const r = foldVerify(ctx, plantCheckpoint(ctx, dropTrailer(name)));
        assert(r.code === 1, `checkpoint without ${name} verified (exit ${r.code}, expected 1)`);
      }
      const unknown = foldVerify(ctx, plantCheckpoint(ctx, (m) => `${m.trimEnd()}\nX-Conformance-Note: ignored\n`));
      assert(unknown.code === 0, `an unknown trailer made verification fail (exit ${unknown.code}): ${firstLine(unknown.stderr)}`);
      const noMath = foldVerify(ctx, plantCheckpoint(ctx, dropTrailer('Fold-Math')));
      assert(noMath.code === 0, `a checkpoint without Fold-Math was rejected (exit ${noMath.code}): ${firstLine(noMath.stderr)}`);
    },
  },
  {
    id: 'C12',
    spec: 'spec-12.12',
    title: 'a trailer value without its blake3:/sha256: prefix fails verification',
    run(ctx) {
      for (const [name, prefix] of [['State-Root', 'blake3:'], ['Fold-Root', 'sha256:']]) {
        const planted = plantCheckpoint(ctx, (m) => m.replace(`${name}: ${prefix}`, `${name}: `));
        const r = foldVerify(ctx, planted);
        assert(r.code === 1, `${name} without "${prefix}" verified (exit ${r.code}, expected 1)`);
      }
    },
  },
  {
    id: 'C13',
    spec: 'spec-12.13',
    title: 'a state push without a PoF, or whose State-Root differs from the recomputed one, is rejected',
    run(ctx) {
      const sb = ctx.sb;
      const { repo, checkpoint } = ledgerFixture(ctx);
      const bare = sb.gitOk(repo, ['commit-tree', `${checkpoint}^{tree}`, '-p', checkpoint], 'state without proof\n');
      expectRefused(ctx, bare, STATE, 'a checkpoint without PoF');
      const lying = sb.rewriteMessage(repo, checkpoint, (m) =>
        m.replace(/State-Root: blake3:([0-9a-f])/, (_, c) => `State-Root: blake3:${c === '0' ? '1' : '0'}`),
      );
      assert(lying !== checkpoint, 'could not alter State-Root');
      const onTop = sb.gitOk(repo, ['commit-tree', `${checkpoint}^{tree}`, '-p', checkpoint], sb.gitOk(repo, ['log', '-1', '--format=%B', lying]) + '\n');
      expectRefused(ctx, onTop, STATE, 'a checkpoint whose State-Root differs from the replay');
    },
  },
  {
    id: 'C14',
    spec: 'spec-12.14',
    title: 'fold code using forbidden APIs fails lint; clean fold code passes',
    partial: 'fuel exhaustion is not exercised',
    run(ctx) {
      const sb = ctx.sb;
      const clean = sb.write('lint/clean/fold.js', FOLD_JS);
      const ok = sb.gatos(sb.dir, ['lint', clean, '--json']);
      assert(ok.code === 0, `lint rejected a pure fold (exit ${ok.code})`);
      for (const [name, body] of [
        ['random', 'export function init() { return {}; }\nexport function step(s) { s.r = Math.random(); return s; }\n'],
        ['clock', 'export function init() { return {}; }\nexport function step(s) { s.t = Date.now(); return s; }\n'],
      ]) {
        const file = sb.write(`lint/${name}/fold.js`, body);
        const r = sb.gatos(sb.dir, ['lint', file, '--json']);
        assert(r.code === 1, `lint accepted fold code using ${name} (exit ${r.code}, expected 1)`);
      }
    },
  },
  {
    id: 'C17',
    spec: 'spec-12.17',
    title: 'rewriting policies/** is rejected',
    run(ctx) {
      const sb = ctx.sb;
      const { repo } = ledgerFixture(ctx);
      const active = sb.refOid(repo, 'refs/gatos/policies/active');
      const rewritten = sb.gitOk(repo, ['commit-tree', `${active}^{tree}`], 'rewritten policy history\n');
      expectRefused(ctx, rewritten, 'refs/gatos/policies/active', 'a rewrite of policies/active');
    },
  },
  {
    id: 'C20',
    spec: 'spec-12.20',
    title: 'a DENY writes a record with rule id, reason, target ref, old/new and policy_root',
    partial: 'actor and trust chain are not asserted (a local push carries no authenticated pusher)',
    run(ctx) {
      const sb = ctx.sb;
      const { repo, server } = ledgerFixture(ctx);
      const tip = sb.refOid(repo, STATE);
      const forged = sb.gitOk(repo, ['commit-tree', `${tip}^{tree}`, '-p', tip], 'checkpoint without proof (C20)\n');
      expectRefused(ctx, forged, STATE, 'a checkpoint without PoF');
      const log = sb.ok(sb.dir, ['audit', 'log', '-C', server, '--limit', '1', '--json']).json;
      const rec = log?.entries?.[0];
      assert(rec, 'audit log --json on the server shows no record');
      assert(rec.decision === 'DENY', `newest audit record is ${rec.decision}, not DENY`);
      assert(typeof rec.rule === 'string' && rec.rule.length > 0, 'the DENY record has no rule id');
      assert(typeof rec.reason === 'string' && rec.reason.length > 0, 'the DENY record has no reason');
      assert(rec.ref === STATE, `the DENY record names ref ${rec.ref}, not ${STATE}`);
      assert(rec.new === forged && rec.old === tip, `the DENY record's old/new (${rec.old}..${rec.new}) are not ${tip}..${forged}`);
      const active = sb.refOid(server, 'refs/gatos/policies/active');
      assert(rec.policy_root === active, `the DENY record's policy_root ${rec.policy_root} is not the active policy ${active}`);
    },
  },
  {
    id: 'C24',
    spec: 'spec-12.24',
    title: 'a pre-receive DENY is recorded on the deny audit ref although the push fails',
    run(ctx) {
      const sb = ctx.sb;
      const { repo, server } = ledgerFixture(ctx);
      const tip = sb.refOid(repo, JOURNAL);
      const orphan = sb.gitOk(repo, ['commit-tree', `${tip}^{tree}`], 'deny me\n');
      const { denies } = expectRefused(ctx, orphan, JOURNAL, 'a non-fast-forward journal update');
      const after = countCommits(ctx, server, DENY);
      assert(after > denies, `no DENY record was added to ${DENY} (${denies} before, ${after} after)`);
      const record = sb.gitOk(server, ['log', '-1', '--format=%B', DENY]);
      assert(record.includes(JOURNAL), `the newest DENY record does not name ${JOURNAL}`);
    },
  },
  {
    id: 'C31',
    spec: 'spec-12.31',
    title: 'a duplicate publish (same topic and ulid) is stored once',
    partial: 'consumer crash/redelivery is not exercised',
    run(ctx) {
      const sb = ctx.sb;
      const { repo } = ledgerFixture(ctx);
      const args = ['bus', 'publish', 'conformance.dupe', '--payload', '{"n":1}', '--ulid', '01M80X55ZHXX2HJR5ET476NTMA', '--json'];
      const first = sb.ok(repo, args).json?.messages?.[0];
      const headBefore = sb.gitOk(repo, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/gatos/mbus']);
      const second = sb.ok(repo, args).json?.messages?.[0];
      const headAfter = sb.gitOk(repo, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/gatos/mbus']);
      assert(first && second, 'bus publish --json reported no message');
      assert(second.offset === first.offset, `the duplicate got a new offset ${second.offset} (first ${first.offset})`);
      assert(headAfter === headBefore, 'the duplicate publish changed the bus refs');
    },
  },
  {
    id: 'C33',
    spec: 'spec-12.33',
    title: 'a bus segment rotates when it reaches its message threshold',
    partial: 'threshold lowered with --max-segment-messages; the 100k / ~192 MB defaults are not filled',
    run(ctx) {
      const sb = ctx.sb;
      const { repo } = ledgerFixture(ctx);
      const batch = sb.write('bus/batch.jsonl', '{"payload":{"n":1}}\n{"payload":{"n":2}}\n{"payload":{"n":3}}\n');
      const out = sb.ok(repo, ['bus', 'publish', 'conformance.rotate', '--batch', batch, '--max-segment-messages', '2', '--json']).json;
      const offsets = (out?.messages ?? []).map((m) => String(m.offset));
      assert(offsets.length === 3, `expected 3 published messages, got ${offsets.length}`);
      const segment = (o) => o.slice(0, o.lastIndexOf(':'));
      assert(segment(offsets[0]) === segment(offsets[1]), `the first two messages landed in different segments: ${offsets.join(', ')}`);
      assert(segment(offsets[2]) !== segment(offsets[1]), `the third message did not start a new segment: ${offsets.join(', ')}`);
    },
  },
  {
    id: 'C36',
    spec: 'spec-12.36',
    title: 'the job id ignores YAML key order and ISO vs integer timeout',
    partial: 'the `ulid` field is not varied',
    run(ctx) {
      const sb = ctx.sb;
      const { repo } = ledgerFixture(ctx);
      const a = sb.write('jobs/a.yaml', 'command: [sh, -c, "echo hi > o.txt"]\ntimeout: 30s\noutputs: [o.txt]\n');
      const b = sb.write('jobs/b.yaml', 'outputs: [o.txt]\ntimeout: 30\ncommand: [sh, -c, "echo hi > o.txt"]\n');
      const c = sb.write('jobs/c.yaml', 'command: [sh, -c, "echo bye > o.txt"]\ntimeout: 30s\noutputs: [o.txt]\n');
      const id = (f) => sb.ok(repo, ['job', 'submit', f]).stdout.trim();
      const [ia, ib, ic] = [id(a), id(b), id(c)];
      assert(/^blake3:[0-9a-f]{64}$/.test(ia), `job submit printed no job id: ${ia}`);
      assert(ia === ib, `reordered keys / integer timeout changed the job id: ${ia} vs ${ib}`);
      assert(ia !== ic, 'a different command gave the same job id');
    },
  },
  {
    id: 'C37',
    spec: 'spec-12.37',
    title: 'a job result carries prefixed, lowercase trailers and Job-Id equals the manifest id',
    run(ctx) {
      const { repo, result, jobId } = jobFixture(ctx);
      const message = ctx.sb.gitOk(repo, ['log', '-1', '--format=%B', result]);
      const trailers = Object.fromEntries(
        message.split('\n').map((l) => /^([A-Za-z-]+): (.*)$/.exec(l)).filter(Boolean).map((m) => [m[1], m[2]]),
      );
      assert(trailers['Job-Id'] === jobId, `Job-Id trailer ${trailers['Job-Id']} is not the manifest id ${jobId}`);
      for (const [name, re] of [['Job-Id', /^blake3:[0-9a-f]{64}$/], ['Proof-Of-Execution', /^blake3:[0-9a-f]{64}$/], ['Worker-Id', /^ed25519:[0-9a-f]{64}$/]]) {
        assert(trailers[name] !== undefined, `the result commit has no ${name} trailer`);
        assert(re.test(trailers[name]), `${name} is not prefixed lowercase hex: ${trailers[name]}`);
      }
    },
  },
  {
    id: 'C38',
    spec: 'spec-12.38',
    title: 'the PoE verifies under Worker-Id and binds the job id; a different Worker-Id fails',
    run(ctx) {
      const sb = ctx.sb;
      const { repo, result, jobId, resultRef } = jobFixture(ctx);
      const good = sb.gatos(repo, ['job', 'verify', jobId, '--json']);
      assert(good.code === 0, `job verify of a fresh result exited ${good.code}: ${firstLine(good.stderr)}`);
      const work = sb.path('clone-c38');
      sb.gitOk(sb.dir, ['clone', '-q', repo, work]);
      sb.gitOk(work, ['fetch', '-q', repo, '+refs/gatos/*:refs/gatos/*']);
      const forged = sb.rewriteMessage(work, result, (m) => m.replace(/Worker-Id: ed25519:([0-9a-f])/, (_, c) => `Worker-Id: ed25519:${c === '0' ? '1' : '0'}`));
      assert(forged !== result, 'could not alter Worker-Id');
      sb.gitOk(work, ['update-ref', resultRef, forged]);
      const bad = sb.gatos(work, ['job', 'verify', jobId, '--json']);
      assert(bad.code === 1, `job verify accepted a result whose Worker-Id is another key (exit ${bad.code}, expected 1)`);
    },
  },
  {
    id: 'C46',
    spec: 'spec-12.46',
    title: 'export verify passes on a fresh export and fails after a ledger advance or a data edit',
    partial: 'policy/extractor changes and partial/sampled exports are not exercised',
    run(ctx) {
      const sb = ctx.sb;
      const { repo } = ledgerFixture(ctx);
      const work = sb.path('clone-c46');
      sb.gitOk(sb.dir, ['clone', '-q', repo, work]);
      sb.gitOk(work, ['fetch', '-q', repo, '+refs/gatos/*:refs/gatos/*']);
      const out = sb.path('export-c46');
      sb.ok(work, ['export', 'sqlite', '--state', 'finance', '--out', out, '--json']);
      const fresh = sb.gatos(work, ['export', 'verify', out, '--json']);
      assert(fresh.code === 0, `export verify of a fresh export exited ${fresh.code}: ${firstLine(fresh.stderr)}`);
      sb.ok(work, ['event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"customer":"initech","amount":7}', '--actor', 'user:alice', '--json']);
      sb.ok(work, ['fold', '--ns', 'finance', '--no-sign', '--json']);
      const stale = sb.gatos(work, ['export', 'verify', out, '--json']);
      assert(stale.code === 1, `export verify after a ledger advance exited ${stale.code} (expected 1)`);
      // A data edit: re-export at the new tip, then change one byte of a data file.
      sb.ok(work, ['export', 'sqlite', '--state', 'finance', '--out', out, '--json']);
      const data = listFiles(out).filter((f) => !f.endsWith('meta.json'));
      assert(data.length > 0, 'the export holds no data file');
      appendByte(data[0]);
      const edited = sb.gatos(work, ['export', 'verify', out, '--json']);
      assert(edited.code === 1, `export verify after editing ${data[0].slice(out.length + 1)} exited ${edited.code} (expected 1)`);
    },
  },
  {
    id: 'D01',
    spec: 'dogfood',
    title: "the project's example hello-ops runs to completion",
    run(ctx) {
      const script = join(projectRoot, 'examples', 'hello-ops', 'run.sh');
      assert(existsSync(script), 'examples/hello-ops/run.sh is missing');
      const r = spawnSync('bash', [script], { cwd: projectRoot, env: { ...ctx.sb.env, TMPDIR: ctx.sb.dir }, encoding: 'utf8', maxBuffer: 64 << 20 });
      assert(r.status === 0, `hello-ops exited ${r.status}: ${firstLine(r.stderr.split('\n').slice(-3).join('\n'))}`);
      assert(/hello-ops: events signed and verified/.test(r.stdout), 'hello-ops did not print its closing summary');
    },
  },
];

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function readdir(d) {
  return readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
}
function appendByte(file) {
  appendFileSync(file, Buffer.from([0]));
}

/** Writes a tree equal to `commit`'s with the first blob containing `needle` changed at needle+offset. */
function tamperTree(sb, cwd, commit, needle, offset, value) {
  const index = join(sb.dir, `tamper-${commit}.index`);
  const env = { ...sb.env, GIT_INDEX_FILE: index };
  const git = (args, input) => spawnSync('git', args, { cwd, env, input });
  git(['read-tree', commit]);
  for (const line of sb.gitOk(cwd, ['ls-tree', '-r', commit]).split('\n')) {
    const [meta, path] = line.split('\t');
    const [mode, type, oid] = meta.split(' ');
    if (type !== 'blob') continue;
    const bytes = git(['cat-file', 'blob', oid]).stdout;
    const at = bytes.indexOf(needle);
    if (at < 0) continue;
    bytes[at + offset] = value;
    const blob = git(['hash-object', '-w', '--stdin'], bytes).stdout.toString().trim();
    git(['update-index', '--cacheinfo', `${mode},${blob},${path}`]);
    return git(['write-tree']).stdout.toString().trim();
  }
  return '';
}
