import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempRepo, testGitEnv } from '@gatos/testkit';
import type { TempRepo } from '@gatos/testkit';
import { decodeCommit, decodeTree, encodeCommit, encodeTree, hashObject } from '../src/gitObject.js';
import type { CommitData, GitIdent, TreeEntry } from '../src/gitObject.js';
import { seededRandom } from './support/prng.js';

const enc = new TextEncoder();
let repo: TempRepo;

/** Runs git with stdin and returns trimmed stdout. */
function gitIn(input: string | Uint8Array, args: string[], env: NodeJS.ProcessEnv = testGitEnv): string {
  return execFileSync('git', args, { cwd: repo.dir, env, input, encoding: 'utf8' }).trim();
}

/** What `git commit-tree` writes for `c`, given its identities through the environment. */
function gitCommitTree(c: CommitData): string {
  const env = {
    ...testGitEnv,
    GIT_AUTHOR_NAME: c.author.name,
    GIT_AUTHOR_EMAIL: c.author.email,
    GIT_AUTHOR_DATE: `@${c.author.timestamp} ${c.author.tzOffset}`,
    GIT_COMMITTER_NAME: c.committer.name,
    GIT_COMMITTER_EMAIL: c.committer.email,
    GIT_COMMITTER_DATE: `@${c.committer.timestamp} ${c.committer.tzOffset}`,
  };
  return gitIn(c.message, ['commit-tree', c.tree, ...c.parents.flatMap((p) => ['-p', p])], env);
}

beforeAll(() => {
  repo = makeTempRepo({ prefix: 'gatos-gitobject-' });
});
afterAll(() => repo.cleanup());

describe('hashObject', () => {
  it('matches git hash-object for every object type', () => {
    // Setup
    const blob = enc.encode('hello\n\0binary\xff');
    const tree = encodeTree([{ mode: '100644', name: 'a', oid: hashObject('blob', blob) }]);
    // Test
    expect(hashObject('blob', blob)).toBe(gitIn(blob, ['hash-object', '-t', 'blob', '--stdin']));
    expect(hashObject('blob', new Uint8Array())).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    expect(hashObject('tree', tree)).toBe(gitIn(tree, ['hash-object', '-t', 'tree', '--stdin']));
  });
});

describe('encodeTree', () => {
  it('orders entries as git mktree does, directories compared with a trailing slash', () => {
    // Setup
    const blob = gitIn('x', ['hash-object', '-w', '--stdin']);
    const sub = gitIn(`100644 blob ${blob}\tinner\n`, ['mktree']);
    const entries: TreeEntry[] = [
      { mode: '100644', name: 'a-b', oid: blob },
      { mode: '040000', name: 'a', oid: sub },
      { mode: '100644', name: 'a.txt', oid: blob },
      { mode: '100755', name: 'run', oid: blob },
      { mode: '120000', name: 'link', oid: blob },
      { mode: '160000', name: 'module', oid: '1234567890abcdef1234567890abcdef12345678' },
      { mode: '100644', name: 'ünïcode', oid: blob },
      { mode: '100644', name: 'a0', oid: blob },
    ];
    const typeOf = (m: string): string => (m === '040000' ? 'tree' : m === '160000' ? 'commit' : 'blob');
    const mktreeInput = entries.map((e) => `${e.mode} ${typeOf(e.mode)} ${e.oid}\t${e.name}\n`).join('');
    // Test
    const body = encodeTree(entries);
    expect(hashObject('tree', body)).toBe(gitIn(mktreeInput, ['mktree', '--missing']));
    expect(decodeTree(body).map((e) => e.name)).toEqual(['a-b', 'a.txt', 'a', 'a0', 'link', 'module', 'run', 'ünïcode']);
    expect(decodeTree(body)).toEqual(expect.arrayContaining(entries));
  });

  it('encodes the empty tree', () => {
    expect(hashObject('tree', encodeTree([]))).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
  });

  it.each(['', '.', '..', 'a/b', 'nul\0'])('rejects the unsafe name %j', (name) => {
    expect(() => encodeTree([{ mode: '100644', name, oid: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391' }])).toThrowError(
      expect.objectContaining({ code: 'GIT_BAD_TREE' }),
    );
  });

  it('rejects a file and a directory of the same name', () => {
    const oid = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
    expect(() =>
      encodeTree([
        { mode: '100644', name: 'a', oid },
        { mode: '100644', name: 'a-b', oid },
        { mode: '040000', name: 'a', oid },
      ]),
    ).toThrowError(expect.objectContaining({ code: 'GIT_BAD_TREE', data: { name: 'a' } }));
  });
});

describe('decodeTree', () => {
  const oid = Buffer.from('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', 'hex');
  const entry = (mode: string, name: string): Buffer => Buffer.concat([Buffer.from(`${mode} ${name}\0`), oid]);
  it.each([
    ['a zero-padded directory mode', entry('040000', 'a')],
    ['an unknown mode', entry('100664', 'a')],
    ['entries out of order', Buffer.concat([entry('100644', 'b'), entry('100644', 'a')])],
    ['a duplicate name', Buffer.concat([entry('100644', 'a'), entry('100644', 'a')])],
    ['a truncated id', entry('100644', 'a').subarray(0, 20)],
    ['a name with a slash', entry('100644', 'a/b')],
    ['a name that is not UTF-8', Buffer.concat([Buffer.from('100644 \xff', 'latin1'), Buffer.of(0), oid])],
  ])('rejects %s', (_what, body) => {
    expect(() => decodeTree(body)).toThrowError(expect.objectContaining({ code: 'GIT_BAD_TREE' }));
  });
});

describe('encodeCommit', () => {
  const ident = (name: string, timestamp: number, tzOffset: string): GitIdent => ({ name, email: `${name.toLowerCase()}@example.invalid`, timestamp, tzOffset });
  let tree: string;
  beforeAll(() => {
    tree = gitIn('', ['mktree']);
  });

  it('gives git commit-tree ids: root commit, unicode message, odd time zones', () => {
    const cases: CommitData[] = [
      { tree, parents: [], author: ident('Ann', 1700000000, '+0000'), committer: ident('Ann', 1700000000, '+0000'), message: 'first\n' },
      { tree, parents: [], author: ident('Zoë Ł', 1, '-0730'), committer: ident('Bob', 2000000000, '+1400'), message: 'héllo wörld ✓ 日本\n\nbody\n' },
      { tree, parents: [], author: ident('Ann', 1700000000, '+0545'), committer: ident('Ann', 1700000000, '-1200'), message: 'no newline at end' },
    ];
    for (const c of cases) expect(hashObject('commit', encodeCommit(c))).toBe(gitCommitTree(c));
  });

  it('gives git commit-tree ids with one and several parents', () => {
    const base: CommitData = { tree, parents: [], author: ident('Ann', 1700000000, '+0100'), committer: ident('Ann', 1700000001, '+0100'), message: 'p\n' };
    const p1 = gitCommitTree(base);
    const p2 = gitCommitTree({ ...base, message: 'q\n' });
    const p3 = gitCommitTree({ ...base, message: 'r\n' });
    for (const parents of [[p1], [p1, p2], [p3, p1, p2]]) {
      const c = { ...base, parents, message: `merge of ${parents.length}\n` };
      expect(hashObject('commit', encodeCommit(c))).toBe(gitCommitTree(c));
      expect(decodeCommit(encodeCommit(c))).toEqual({ ...c, extraHeaders: [] });
    }
  });

  it('rejects identities that would break the header', () => {
    const c: CommitData = { tree, parents: [], author: ident('A<b>', 1, '+0000'), committer: ident('A', 1, '+0000'), message: '' };
    expect(() => encodeCommit(c)).toThrowError(expect.objectContaining({ code: 'GIT_BAD_IDENT' }));
    expect(() => encodeCommit({ ...c, author: ident('A', 1, '0000') })).toThrowError(expect.objectContaining({ code: 'GIT_BAD_IDENT' }));
    expect(() => encodeCommit({ ...c, author: ident('A', 1.5, '+0000') })).toThrowError(expect.objectContaining({ code: 'GIT_BAD_IDENT' }));
  });
});

describe('decodeCommit', () => {
  const T = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
  const who = 'A U Thor <a@example.invalid> 1700000000 +0200';

  it('skips gpgsig and encoding headers and names them', () => {
    const text = `tree ${T}\nauthor ${who}\ncommitter ${who}\nencoding UTF-8\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n\nmsg\n`;
    const c = decodeCommit(enc.encode(text));
    expect(c.extraHeaders).toEqual(['encoding', 'gpgsig']);
    expect(c.message).toBe('msg\n');
    expect(c.author).toEqual({ name: 'A U Thor', email: 'a@example.invalid', timestamp: 1700000000, tzOffset: '+0200' });
  });

  it.each([
    ['no tree', `author ${who}\ncommitter ${who}\n\nm`],
    ['a short tree id', `tree abc\nauthor ${who}\ncommitter ${who}\n\nm`],
    ['parent after author', `tree ${T}\nauthor ${who}\nparent ${T}\ncommitter ${who}\n\nm`],
    ['two authors', `tree ${T}\nauthor ${who}\nauthor ${who}\ncommitter ${who}\n\nm`],
    ['a second tree header later', `tree ${T}\nauthor ${who}\ncommitter ${who}\ntree ${T}\n\nm`],
    ['a malformed ident', `tree ${T}\nauthor A <a> x +0000\ncommitter ${who}\n\nm`],
    ['no blank line', `tree ${T}\nauthor ${who}\ncommitter ${who}\n`],
    ['a continuation line before any extra header', `tree ${T}\nauthor ${who}\ncommitter ${who}\n cont\n\nm`],
  ])('rejects a commit with %s', (_what, text) => {
    expect(() => decodeCommit(enc.encode(text))).toThrowError(expect.objectContaining({ code: 'GIT_BAD_COMMIT' }));
  });
});

function mutate(bytes: Uint8Array, rand: () => number): Uint8Array {
  const out = [...bytes];
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const op = Math.floor(rand() * 4);
    const byte = rand() < 0.5 ? [0, 10, 32, 47, 60, 62, 0xff][Math.floor(rand() * 7)]! : Math.floor(rand() * 256);
    if (op === 0) out.splice(at, 1);
    else if (op === 1) out.splice(at, 0, byte);
    else if (op === 2) out[at] = byte;
    else out.length = at; // truncate
  }
  return Uint8Array.from(out);
}

describe('codec fuzz (seeded)', () => {
  const T = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
  const ident: GitIdent = { name: 'Fuzz', email: 'f@example.invalid', timestamp: 1700000000, tzOffset: '+0000' };
  const commit = encodeCommit({ tree: T, parents: [T, T], author: ident, committer: ident, message: 'fuzz ✓\n' });
  const tree = encodeTree([
    { mode: '100644', name: 'a', oid: T },
    { mode: '040000', name: 'b', oid: T },
    { mode: '100755', name: 'c', oid: T },
  ]);

  it.each([
    ['decodeCommit', commit, decodeCommit],
    ['decodeTree', tree, decodeTree],
  ] as const)('%s throws only GatosError on 5,000 mutated inputs', (_name, seedBytes, decode) => {
    const rand = seededRandom(20251122);
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const input = mutate(seedBytes, rand);
      try {
        (decode as (b: Uint8Array) => unknown)(input);
      } catch (err) {
        expect(err, `input #${i}: ${Buffer.from(input).toString('hex')}`).toMatchObject({ name: 'GatosError' });
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(1000);
  });
});
