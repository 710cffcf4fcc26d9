#!/usr/bin/env node
// Writes commitment.json in this directory (deterministic): gmb.commit records (ADR-0010 "Commitments")
// as canonical DAG-CBOR, their Ed25519 signature and the commit id of the whole gmb.commit commit, plus
// hostile records with the refusal they must get. It uses @ipld/dag-cbor, @noble/ed25519, @noble/hashes
// and the git binary directly, not @gatos/mind, so the test compares the bus code with them.
// Run: node spec/vectors/bus/generate.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dagCbor from '@ipld/dag-cbor';
import * as ed from '@noble/ed25519';
import { blake3 } from '@noble/hashes/blake3.js';
import { sha512 } from '@noble/hashes/sha2.js';

ed.hashes.sha512 = sha512;
const here = new URL('.', import.meta.url).pathname;
const hex = (b) => Buffer.from(b).toString('hex');
const seedOf = (name) => blake3(new TextEncoder().encode(`gatos-vector-key:${name}`));
const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulidSeconds = (ulid) => Math.floor([...ulid.slice(0, 10)].reduce((t, c) => t * 32 + ULID_ALPHABET.indexOf(c), 0) / 1000);

const T = 'gatos.jobs.pending';
const SEG = '01JD6Z5R0000000000000000AB';
const base = {
  topic: T,
  through: `${SEG}:41`,
  quorum: 2,
  consumers: ['audit', 'billing', 'search'],
  acks: [
    { consumer: 'audit', commit: 'a'.repeat(40), low_water: `${SEG}:41` },
    { consumer: 'billing', commit: 'b'.repeat(40), low_water: `${SEG}:57` },
  ],
  actor: 'user:alice',
  ulid: '01JD6Z6000000000000000000C',
};

/** The gmb.commit commit of `record` signed by `actor`'s vector key, hashed by git itself. */
function commitOf(record, bytes, signature, publicKey) {
  const dir = mkdtempSync(join(tmpdir(), 'gatos-bus-vectors-'));
  try {
    const git = (args, input) => execFileSync('git', args, { cwd: dir, input, encoding: input === undefined || typeof input === 'string' ? 'utf8' : undefined, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } }).toString().trim();
    git(['init', '-q', '--bare']);
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, input: Buffer.from(bytes) }).toString().trim();
    const tree = git(['mktree'], `100644 blob ${blob}\tcommitment.cbor\n`);
    const [kind, name] = record.actor.split(':');
    const when = `${ulidSeconds(record.ulid)} +0000`;
    const message = ['gmb.commit', '', `Topic: ${record.topic}`, `Through: ${record.through}`, `Quorum: ${record.quorum}-of-${record.consumers.length}`,
      'Sig-Alg: ed25519', `Signer: ed25519:${hex(publicKey)}`, `Sig: ed25519:${hex(signature)}`, ''].join('\n');
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: record.actor, GIT_AUTHOR_EMAIL: `${name}@${kind}.gatos`, GIT_AUTHOR_DATE: when, GIT_COMMITTER_NAME: record.actor, GIT_COMMITTER_EMAIL: `${name}@${kind}.gatos`, GIT_COMMITTER_DATE: when };
    return execFileSync('git', ['commit-tree', tree], { cwd: dir, input: message, env }).toString().trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const positive = (name, record) => {
  const bytes = dagCbor.encode(record);
  const seed = seedOf(record.actor);
  const signature = ed.sign(bytes, seed);
  const publicKey = ed.getPublicKey(seed);
  return { name, source: 'ADR-0010 Commitments; bytes by @ipld/dag-cbor, signature by @noble/ed25519, commit id by git', input: record, expected: { bytes: hex(bytes), signer: `ed25519:${hex(publicKey)}`, sig: `ed25519:${hex(signature)}`, commit: commitOf(record, bytes, signature, publicKey) } };
};
const reject = (name, record, message) => ({ name, source: 'ADR-0010 Commitments (strict decode)', input: hex(dagCbor.encode(record)), error: { code: 'BUS_COMMIT_INVALID', message } });

const cases = [
  positive('2-of-3 through an offset, two acks', base),
  positive('1-of-1, ack low-water past through', { ...base, through: `${SEG}:0`, quorum: 1, consumers: ['worker'], acks: [{ consumer: 'worker', commit: 'c'.repeat(40), low_water: `${SEG}:3` }], ulid: '01JD6Z6000000000000000000D' }),
  reject('extra field', { ...base, note: 'x' }, 'has fields'),
  reject('quorum above the consumers', { ...base, quorum: 4 }, 'quorum must be an integer in 1..3'),
  reject('quorum zero', { ...base, quorum: 0 }, 'quorum must be an integer in 1..3'),
  reject('consumers out of order', { ...base, consumers: ['billing', 'audit', 'search'] }, 'consumers must be sorted and distinct'),
  reject('an ack of a consumer not named', { ...base, acks: [{ ...base.acks[0], consumer: 'mallory' }] }, 'who is not among the consumers'),
  reject('acks out of order', { ...base, acks: [base.acks[1], base.acks[0]] }, 'acks must be sorted by consumer'),
  reject('ack commit is not an object id', { ...base, acks: [{ ...base.acks[0], commit: 'HEAD' }] }, 'is not a lowercase hex object id'),
  reject('through is not an offset', { ...base, through: `${SEG}:01` }, 'is not <segment-ulid>:<index>'),
  reject('actor is not an actor', { ...base, actor: 'alice' }, 'alice'),
];
writeFileSync(join(here, 'commitment.json'), `${JSON.stringify({ description: 'gmb.commit records (ADR-0010 Commitments): canonical commitment.cbor, its Ed25519 signature by the vector key of the actor (seed = blake3("gatos-vector-key:" + actor)) and the gmb.commit commit id; hostile records and the refusal they get. Read by crates-ts/mind/test/vectors.test.ts.', cases }, null, 2)}\n`);
console.log('wrote spec/vectors/bus/commitment.json');
