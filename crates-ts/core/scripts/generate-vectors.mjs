#!/usr/bin/env node
/**
 * Writes the golden vectors under spec/vectors/ (envelope/, ed25519/, keytext.json, jcs.json).
 *
 * Independent of @gatos/core on purpose: expected values come straight from the libraries
 * (@ipld/dag-cbor, multiformats, @noble/hashes, @noble/ed25519, canonicalize), so the tests check
 * our code against them rather than against itself. Hostile inputs are written by hand below.
 * Run from the repository root: `node crates-ts/core/scripts/generate-vectors.mjs`. Deterministic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import * as Digest from 'multiformats/hashes/digest';
import { blake3 } from '@noble/hashes/blake3.js';
import { sha512 } from '@noble/hashes/sha2.js';
import * as ed from '@noble/ed25519';

ed.hashes.sha512 = sha512;
const canonicalize = createRequire(import.meta.url)('canonicalize');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const out = (path, data) => {
  const file = join(root, 'spec', 'vectors', path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote spec/vectors/${path}`);
};

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const utf8 = (text) => new TextEncoder().encode(text);
const cidOf = (bytes) => CID.createV1(0x71, Digest.create(0x1e, blake3(bytes))).toString();

// Tagged JSON: {"$bigint": "<decimal>"}, {"$bytes": "<hex>"}, {"$cid": "<text>"},
// {"$number": "NaN" | "Infinity" | "-Infinity" | "-0"}, {"$undefined": true}.
const TAGGING = 'Values JSON cannot hold are tagged: {"$bigint":"<decimal>"}, {"$bytes":"<hex>"}, {"$cid":"<base32 CID>"}, {"$number":"NaN"|"Infinity"|"-Infinity"|"-0"}, {"$undefined":true}.';
function untag(value) {
  if (Array.isArray(value)) return value.map(untag);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0].startsWith('$')) {
    const v = value[keys[0]];
    switch (keys[0]) {
      case '$bigint': return BigInt(v);
      case '$bytes': return new Uint8Array(Buffer.from(v, 'hex'));
      case '$cid': return CID.parse(v);
      case '$number': return Number(v);
      case '$undefined': return undefined;
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untag(v)]));
}

// ---------------------------------------------------------------- keys
const KEY_DERIVATION = 'seed = blake3(utf8("gatos-vector-key:" + name)); public key and signatures via @noble/ed25519 (RFC 8032, deterministic)';
const keys = {};
for (const name of ['alice', 'bob', 'carol']) {
  const seed = blake3(utf8(`gatos-vector-key:${name}`));
  keys[name] = { seed: hex(seed), public_key: `ed25519:${hex(ed.getPublicKey(seed))}` };
}
const seedOf = (name) => Buffer.from(keys[name].seed, 'hex');

// ---------------------------------------------------------------- envelopes (positive)
const POLICY = '0'.repeat(40);
const POLICY_B = 'c0ffee00'.repeat(5);
const LINK = cidOf(dagCbor.encode({ hello: 'world' }));
const positive = [
  {
    name: 'spec-13-event-cid',
    source: 'SPEC-DIGEST §13 "Derived Event-CID" (must match the printed dag-cbor, blake3 and CID exactly)',
    signer: 'alice',
    input: { type: 'demo.hello', ulid: '01ARZ3NDEKTSV4RRFFQ69G5FAV', actor: 'user:alice', payload: { msg: 'hello gatos' }, policy_root: POLICY },
  },
  {
    name: 'all-optional-fields',
    source: 'SPEC-DIGEST §2 fields: caps, sig_alg and ts present',
    signer: 'alice',
    input: {
      type: 'jobs.enqueue', ulid: '01HZY6X9Q0R8T3V5W7X9Y1Z2A3', actor: 'user:alice',
      payload: { job: 'build', priority: 3 }, policy_root: POLICY_B,
      caps: ['jobs.enqueue', 'jobs.read'], sig_alg: 'ed25519', ts: '2025-11-16T12:34:56Z',
    },
  },
  {
    name: 'bigint-payload',
    source: 'SPEC-DIGEST §0: integers beyond 2^53-1 are BigInt; 64-bit heads at both ends',
    signer: 'bob',
    input: {
      type: 'ledger.balance', ulid: '01J0000000000000000000000B', actor: 'agent:bob-bot', policy_root: POLICY,
      payload: {
        small: 1, negative: -5, max_safe: 9007199254740991, above_safe: { $bigint: '9007199254740992' },
        two_pow_60: { $bigint: '1152921504606846976' }, max_u64: { $bigint: '18446744073709551615' },
        min_n64: { $bigint: '-18446744073709551616' },
      },
    },
  },
  {
    name: 'nested-payload',
    source: 'DAG-CBOR data model: arrays, maps, bytes, booleans, null, CID links, non-ASCII text',
    signer: 'carol',
    input: {
      type: 'demo:nested.v2', ulid: '7ZZZZZZZZZZZZZZZZZZZZZZZZZ', actor: 'service:carol.svc', policy_root: POLICY_B,
      ts: '2024-02-29T23:59:59Z',
      payload: {
        list: [1, [2, [3, []]], { deep: { deeper: { deepest: true } } }],
        bytes: { $bytes: '00ff10' }, empty_bytes: { $bytes: '' }, flags: [true, false, null],
        link: { $cid: LINK }, text: 'grüße, 世界 🌍', a: 0, bb: -1, aaa: {},
      },
    },
  },
  {
    name: 'empty-payload',
    source: 'SPEC-DIGEST §2: payload is a map, possibly empty',
    signer: 'bob',
    input: { type: 'x', ulid: '00000000000000000000000000', actor: 'user:b', payload: {}, policy_root: POLICY },
  },
];
const message = 'gatos ed25519 vector';
const spec13 = dagCbor.encode(untag(positive[0].input));
if (cidOf(spec13) !== 'bafyr4ierlccsl2tykpoggzeke4badjs3xd27fmaddlq3dthzxh5wsgwlsm') throw new Error('SPEC-DIGEST §13 Event-CID mismatch');
out('envelope/positive.json', {
  description: 'Event envelopes that must encode to exactly these canonical bytes, CID and signature, and decode back.',
  source: 'Generated by crates-ts/core/scripts/generate-vectors.mjs with @ipld/dag-cbor 10, multiformats 14, @noble/hashes 2, @noble/ed25519 3.',
  tagging: TAGGING,
  key_derivation: KEY_DERIVATION,
  keys,
  cases: positive.map(({ name, source, signer, input }) => {
    const bytes = dagCbor.encode(untag(input));
    const signature = ed.sign(bytes, seedOf(signer));
    return {
      name, source, input,
      expected: {
        cbor_hex: hex(bytes), blake3: hex(blake3(bytes)), cid: cidOf(bytes),
        signer, public_key: keys[signer].public_key, signature: `ed25519:${hex(signature)}`,
      },
    };
  }),
});

// ---------------------------------------------------------------- CBOR rejects (one or more per rule)
const base = dagCbor.encode(untag(positive[0].input));
const repeat = (h, n) => h.repeat(n);
const cborRejects = [
  ['unsorted-keys-bytewise', 'a2616201616102', 'CBOR_MAP_KEY_ORDER', 4, '{"b":1,"a":2}'],
  ['unsorted-keys-length-first', 'a262616101616202', 'CBOR_MAP_KEY_ORDER', 5, '{"aa":1,"b":2}: shorter keys sort first'],
  ['envelope-keys-in-js-sort-order', hex(Buffer.concat([Buffer.from([0xa5]), ...['actor', 'payload', 'policy_root', 'type', 'ulid'].map((k) => Buffer.from(dagCbor.encode({ [k]: untag(positive[0].input)[k] })).subarray(1))])), 'CBOR_MAP_KEY_ORDER', null, 'the §13 envelope with keys in plain string order, not length-first'],
  ['duplicate-keys', 'a2616101616102', 'CBOR_MAP_KEY_DUPLICATE', 4, '{"a":1,"a":2}'],
  ['indefinite-array', '9f01ff', 'CBOR_INDEFINITE_LENGTH', 0],
  ['indefinite-map', 'bf616101ff', 'CBOR_INDEFINITE_LENGTH', 0],
  ['indefinite-text', '7f616161ff', 'CBOR_INDEFINITE_LENGTH', 0],
  ['indefinite-bytes', '5f4100ff', 'CBOR_INDEFINITE_LENGTH', 0],
  ['non-minimal-int-1-byte', '1801', 'CBOR_NON_MINIMAL', 0, '1 encoded as 0x18 0x01'],
  ['non-minimal-int-8-byte', '1b0000000000000001', 'CBOR_NON_MINIMAL', 0],
  ['non-minimal-negative-int', '3900ff', 'CBOR_NON_MINIMAL', 0, '-256 in 3 bytes'],
  ['non-minimal-text-length', '780161', 'CBOR_NON_MINIMAL', 0],
  ['non-minimal-map-length', 'b801616101', 'CBOR_NON_MINIMAL', 0],
  ['float64-one', 'fb3ff0000000000000', 'CBOR_FLOAT', 0, '1.0 as float64'],
  ['float-where-integer-belongs', 'a16161fb3ff0000000000000', 'CBOR_FLOAT', 3, '{"a": 1.0}'],
  ['float32-one', 'fa3f800000', 'CBOR_FLOAT', 0],
  ['float16-one', 'f93c00', 'CBOR_FLOAT', 0],
  ['float64-nan', 'fb7ff8000000000000', 'CBOR_FLOAT', 0],
  ['float16-nan', 'f97e00', 'CBOR_FLOAT', 0],
  ['float64-infinity', 'fb7ff0000000000000', 'CBOR_FLOAT', 0],
  ['float16-negative-infinity', 'f9fc00', 'CBOR_FLOAT', 0],
  ['float64-negative-zero', 'fb8000000000000000', 'CBOR_FLOAT', 0],
  ['float16-negative-zero', 'f98000', 'CBOR_FLOAT', 0],
  ['trailing-byte', '0100', 'CBOR_TRAILING_BYTES', 1],
  ['envelope-trailing-byte', `${hex(base)}00`, 'CBOR_TRAILING_BYTES', base.length, 'the §13 envelope followed by 0x00'],
  ['undefined', 'f7', 'CBOR_SIMPLE_VALUE', 0],
  ['undefined-in-map', 'a16161f7', 'CBOR_SIMPLE_VALUE', 3],
  ['simple-value-16', 'f0', 'CBOR_SIMPLE_VALUE', 0],
  ['simple-value-1-byte', 'f820', 'CBOR_SIMPLE_VALUE', 0],
  ['tag-1-epoch-time', 'c11a5f000000', 'CBOR_TAG', 0],
  ['tag-2-bignum', 'c249010000000000000000', 'CBOR_TAG', 0, '2^64 as a bignum: beyond 64-bit integers'],
  ['tag-3-negative-bignum', 'c349010000000000000000', 'CBOR_TAG', 0],
  ['tag-42-not-bytes', 'd82a01', 'CBOR_BAD_CID', 2],
  ['tag-42-missing-zero-prefix', `d82a58${CID.parse(LINK).bytes.length.toString(16)}${hex(CID.parse(LINK).bytes)}`, 'CBOR_BAD_CID', 2],
  ['tag-42-garbage', 'd82a42000f', 'CBOR_BAD_CID', 2],
  ['invalid-utf8', '62c328', 'CBOR_INVALID_UTF8', 0],
  ['utf8-surrogate-half', '63eda080', 'CBOR_INVALID_UTF8', 0, 'CESU-style encoded U+D800'],
  ['leading-bom', '63efbbbf', 'CBOR_LEADING_BOM', 0, '@ipld/dag-cbor would decode this as ""'],
  ['map-key-not-string', 'a10102', 'CBOR_MAP_KEY_NOT_STRING', 1],
  ['map-key-bytes', 'a1416101', 'CBOR_MAP_KEY_NOT_STRING', 1],
  ['truncated-empty', '', 'CBOR_TRUNCATED', 0],
  ['truncated-string', '6261', 'CBOR_TRUNCATED', 0],
  ['truncated-head', '1a00', 'CBOR_TRUNCATED', 0],
  ['truncated-array', '8201', 'CBOR_TRUNCATED', 0],
  ['huge-length', '5bffffffffffffffff00', 'CBOR_TRUNCATED', 0],
  ['reserved-additional-info', '1c', 'CBOR_MALFORMED', 0],
  ['stray-break', 'ff', 'CBOR_MALFORMED', 0],
  ['too-deep', `${repeat('81', 65)}01`, 'CBOR_TOO_DEEP', 64, '65 nested arrays; the limit is 64'],
].map(([name, cborHex, code, offset, note]) => ({
  name, source: 'ADR-0001 / CANONICAL_RULES' + (note ? `: ${note}` : ''),
  input: { cbor_hex: cborHex },
  error: offset === null ? { code } : { code, offset },
}));
cborRejects.push({
  name: 'oversize', source: 'CANONICAL_RULES.maxBytes: checked before decoding (here with max_bytes 100)',
  input: { cbor_hex: hex(base), max_bytes: 100 }, error: { code: 'CBOR_TOO_LARGE' },
});
const encodeRejects = [
  ['float-number', 1.5, 'CBOR_FLOAT', ''],
  ['negative-zero-number', { $number: '-0' }, 'CBOR_FLOAT', ''],
  ['nan-number', { a: { $number: 'NaN' } }, 'CBOR_FLOAT', '/a'],
  ['infinity-number', [{ $number: 'Infinity' }], 'CBOR_FLOAT', '/0'],
  ['unsafe-integer-number', 9007199254740992, 'CBOR_UNSAFE_INTEGER', ''],
  ['bigint-above-64-bit', { $bigint: '18446744073709551616' }, 'CBOR_INTEGER_RANGE', ''],
  ['bigint-below-64-bit', { $bigint: '-18446744073709551617' }, 'CBOR_INTEGER_RANGE', ''],
  ['undefined-value', { a: { $undefined: true } }, 'CBOR_UNSUPPORTED_VALUE', '/a'],
  ['leading-bom-string', '\ufeffx', 'CBOR_LEADING_BOM', ''],
  ['lone-surrogate', { k: '\ud800' }, 'CBOR_INVALID_UTF8', '/k'],
].map(([name, value, code, path]) => ({
  name, source: 'CANONICAL_RULES value-side rules (encodeCanonical)',
  input: { value }, error: { code, path },
}));
out('envelope/cbor-rejects.json', {
  description: 'Bytes decodeStrict and decodeEnvelope must reject, one or more per CANONICAL_RULES rule, with the code and the byte offset of the offending head; then values encodeCanonical must refuse.',
  source: 'Hand-written hostile inputs (RFC 8949 encodings); generated file, see crates-ts/core/scripts/generate-vectors.mjs.',
  tagging: TAGGING,
  cases: cborRejects,
  encode_cases: encodeRejects,
});

// ---------------------------------------------------------------- envelope schema rejects
const env0 = positive[0].input;
const schemaRejects = [
  ['null-optional-field', { ...env0, ts: null }, 'ENVELOPE_BAD_FIELD', 'ts'],
  ['unknown-field', { ...env0, extra: 1 }, 'ENVELOPE_UNKNOWN_FIELD', 'extra'],
  ['sig-inside-envelope', { ...env0, sig: 'ed25519:00' }, 'ENVELOPE_UNKNOWN_FIELD', 'sig'],
  ['unknown-sig-alg', { ...env0, sig_alg: 'ecdsa-p256' }, 'ENVELOPE_UNKNOWN_SIG_ALG', 'sig_alg'],
  ['sig-alg-not-string', { ...env0, sig_alg: 1 }, 'ENVELOPE_BAD_FIELD', 'sig_alg'],
  ['missing-payload', (({ payload, ...rest }) => rest)(env0), 'ENVELOPE_MISSING_FIELD', 'payload'],
  ['missing-policy-root', (({ policy_root, ...rest }) => rest)(env0), 'ENVELOPE_MISSING_FIELD', 'policy_root'],
  ['payload-not-map', { ...env0, payload: [1] }, 'ENVELOPE_BAD_FIELD', 'payload'],
  ['payload-bytes', { ...env0, payload: { $bytes: '00' } }, 'ENVELOPE_BAD_FIELD', 'payload'],
  ['policy-root-uppercase', { ...env0, policy_root: 'A'.repeat(40) }, 'ENVELOPE_BAD_FIELD', 'policy_root'],
  ['policy-root-sha256-prefixed', { ...env0, policy_root: `sha256:${'a'.repeat(64)}` }, 'ENVELOPE_BAD_FIELD', 'policy_root'],
  ['bad-actor-no-kind', { ...env0, actor: 'alice' }, 'BAD_ACTOR', 'actor'],
  ['bad-actor-leading-dot', { ...env0, actor: 'user:.alice' }, 'BAD_ACTOR', 'actor'],
  ['bad-actor-lock-suffix', { ...env0, actor: 'user:alice.lock' }, 'BAD_ACTOR', 'actor'],
  ['actor-not-string', { ...env0, actor: 7 }, 'ENVELOPE_BAD_FIELD', 'actor'],
  ['bad-ulid-lowercase', { ...env0, ulid: '01arz3ndektsv4rrffq69g5fav' }, 'BAD_ULID', 'ulid'],
  ['bad-ulid-overflow-first-char', { ...env0, ulid: '8ZZZZZZZZZZZZZZZZZZZZZZZZZ' }, 'BAD_ULID', 'ulid'],
  ['bad-ulid-letter-i', { ...env0, ulid: '01ARZ3NDEKTSV4RRFFQ69G5FAI' }, 'BAD_ULID', 'ulid'],
  ['bad-type', { ...env0, type: 'demo hello' }, 'BAD_EVENT_TYPE', 'type'],
  ['bad-ts-fractional', { ...env0, ts: '2025-11-16T12:34:56.5Z' }, 'BAD_TIMESTAMP', 'ts'],
  ['bad-ts-offset', { ...env0, ts: '2025-11-16T12:34:56+01:00' }, 'BAD_TIMESTAMP', 'ts'],
  ['bad-ts-calendar', { ...env0, ts: '2025-02-29T00:00:00Z' }, 'BAD_TIMESTAMP', 'ts'],
  ['caps-not-array', { ...env0, caps: 'jobs.enqueue' }, 'ENVELOPE_BAD_FIELD', 'caps'],
  ['caps-empty-string', { ...env0, caps: [''] }, 'ENVELOPE_BAD_FIELD', 'caps'],
  ['not-a-map', [env0], 'ENVELOPE_NOT_A_MAP', null],
].map(([name, envelope, code, field]) => ({
  name, source: 'SPEC-DIGEST §2 envelope schema',
  input: { envelope, cbor_hex: hex(dagCbor.encode(untag(envelope))) },
  error: field === null ? { code } : { code, field },
}));
out('envelope/schema-rejects.json', {
  description: 'Canonical DAG-CBOR that is not a valid event envelope. decodeEnvelope(cbor_hex) and encodeEnvelope(envelope) must both throw the code (data.field where given).',
  source: 'Generated by crates-ts/core/scripts/generate-vectors.mjs (bytes by @ipld/dag-cbor).',
  tagging: TAGGING,
  cases: schemaRejects,
});

// ---------------------------------------------------------------- ed25519 strict verification
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (n) => { const b = new Uint8Array(32); for (let i = 0; i < 32; i++) { b[i] = Number(n & 255n); n >>= 8n; } return b; };
const fromLe = (b) => { let n = 0n; for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(b[i]); return n; };
const alice = seedOf('alice');
const alicePk = ed.getPublicKey(alice);
const msg = utf8(message);
const aliceSig = ed.sign(msg, alice);
const identity = '01' + '00'.repeat(31);
const zeroSig = identity + '00'.repeat(32); // R = identity, S = 0
const P = 2n ** 255n - 19n;
const T8 = ed.Point.fromHex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05');
// R with a small-order component: R = [r]B + T8, S = r + k·a. Passes the cofactored equation only.
const torsionSig = (() => {
  const { scalar, pointBytes } = ed.utils.getExtendedPublicKey(alice);
  const r = 123456789n;
  const R = ed.Point.BASE.multiply(r).add(T8).toBytes();
  const h = sha512(new Uint8Array([...R, ...pointBytes, ...msg]));
  let k = 0n;
  for (let i = 63; i >= 0; i--) k = (k << 8n) | BigInt(h[i]);
  return hex(new Uint8Array([...R, ...le((r + (k % L) * scalar) % L)]));
})();
// A non-canonical encoding (y >= p) of a point of large order: try y = p .. p+18.
const nonCanonicalLarge = (() => {
  for (let y = P; y < 2n ** 255n; y++) {
    try {
      const point = ed.Point.fromBytes(le(y), true);
      if (!point.isSmallOrder()) return hex(le(y));
    } catch { /* not on the curve */ }
  }
  throw new Error('none found');
})();
const edCases = [
  ['valid', hex(alicePk), hex(msg), hex(aliceSig), 'RFC 8032 signature by alice'],
  ['wrong-message', hex(alicePk), hex(utf8('gatos ed25519 vector!')), hex(aliceSig), 'valid signature, other message'],
  ['s-plus-l', hex(alicePk), hex(msg), hex(aliceSig.slice(0, 32)) + hex(le(fromLe(aliceSig.slice(32)) + L)), 'non-canonical S (S + L) of the valid signature'],
  ['s-all-ones', hex(alicePk), hex(msg), hex(aliceSig.slice(0, 32)) + 'ff'.repeat(32), 'S far above L'],
  ['small-order-key-identity', identity, hex(msg), zeroSig, 'identity point key; R = identity, S = 0 verifies under ZIP-215 for any message'],
  ['small-order-key-order-2', 'ec' + 'ff'.repeat(30) + '7f', hex(msg), zeroSig, 'y = -1, the point of order 2'],
  ['small-order-key-order-4', '00'.repeat(32), hex(msg), '00'.repeat(64), 'y = 0 (order 4): the all-zero key of SPEC-DIGEST §13 that passes the schema; all-zero signature'],
  ['small-order-key-order-4-negative', '00'.repeat(31) + '80', hex(msg), zeroSig, 'y = 0 with the sign bit set (the other order-4 point)'],
  ['small-order-key-order-8', '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', hex(msg), zeroSig, 'a point of order 8'],
  ['small-order-key-order-8-other', 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', hex(msg), zeroSig, 'another point of order 8'],
  ['non-canonical-key-identity-y-eq-p-plus-1', hex(le(P + 1n)), hex(msg), zeroSig, 'identity encoded with y = p + 1 (>= p)'],
  ['non-canonical-key-identity-negative-zero-x', '01' + '00'.repeat(30) + '80', hex(msg), zeroSig, 'identity encoded with x = 0 and the sign bit set'],
  ['non-canonical-key-large-order', nonCanonicalLarge, hex(msg), hex(aliceSig), 'y >= p encoding of a large-order point'],
  ['non-canonical-r-identity', identity, hex(msg), hex(le(P + 1n)) + '00'.repeat(32), 'R = identity encoded with y = p + 1, identity key'],
  ['torsion-component-in-r', hex(alicePk), hex(msg), torsionSig, 'R = [r]B + T8 with S = r + k·a: passes the cofactored equation (noble {zip215:false}) but not the cofactorless one'],
  ['wrong-length-signature', hex(alicePk), hex(msg), hex(aliceSig.slice(0, 63)), '63-byte signature'],
].map(([name, publicKey, messageHex, signature, note]) => {
  const noble = (zip215) => { try { return ed.verify(Buffer.from(signature, 'hex'), Buffer.from(messageHex, 'hex'), Buffer.from(publicKey, 'hex'), { zip215 }); } catch { return false; } };
  return {
    name, source: `hand-built: ${note}`,
    input: { public_key: publicKey, message: messageHex, signature },
    expected: { strict: name === 'valid', noble_zip215: noble(true), noble_rfc8032: noble(false) },
  };
});
out('ed25519/strict.json', {
  description: 'Strict Ed25519 verification verdicts. expected.strict is what verifyStrict and verifyStrictNoble must return; noble_zip215 and noble_rfc8032 record what stock @noble/ed25519 3 says with {zip215:true} (its default) and {zip215:false}, to show which cases lenient verifiers accept.',
  source: 'Generated by crates-ts/core/scripts/generate-vectors.mjs; torsion points from the Ed25519 8-torsion subgroup; key alice = ' + KEY_DERIVATION,
  cases: edCases,
});

// ---------------------------------------------------------------- key and signature text
const b64 = (bytes, alphabet) => Buffer.from(bytes).toString(alphabet);
const kBytes = Uint8Array.from({ length: 32 }, (_, i) => i * 8 + 3);
const sBytes = Uint8Array.from({ length: 64 }, (_, i) => 255 - i * 3);
const zero32 = new Uint8Array(32);
const zero64 = new Uint8Array(64);
const keyText = [
  ['key', 'hex', `ed25519:${hex(kBytes)}`, kBytes],
  ['key', 'base64-padded', `ed25519:${b64(kBytes, 'base64')}`, kBytes],
  ['key', 'base64url-unpadded', `ed25519:${b64(kBytes, 'base64url')}`, kBytes],
  ['key', 'base64url-padded', `ed25519:${b64(kBytes, 'base64url')}=`, kBytes],
  ['key', 'spec-13-zero-key-base64url-43', `ed25519:${'A'.repeat(43)}`, zero32],
  ['key', 'spec-13-reject-base64url-44-without-padding', `ed25519:${'A'.repeat(44)}`, 'BAD_KEY_TEXT'],
  ['key', 'reject-uppercase-hex', `ed25519:${hex(kBytes).toUpperCase()}`, 'BAD_KEY_TEXT'],
  ['key', 'reject-63-hex', `ed25519:${hex(kBytes).slice(1)}`, 'BAD_KEY_TEXT'],
  ['key', 'reject-no-prefix', hex(kBytes), 'BAD_KEY_TEXT'],
  ['key', 'reject-other-prefix', `ed448:${hex(kBytes)}`, 'BAD_KEY_TEXT'],
  ['key', 'reject-base64-unpadded-standard-alphabet', `ed25519:${'+'.repeat(43)}`, 'BAD_KEY_TEXT'],
  ['key', 'reject-mixed-alphabets', `ed25519:${'+'.repeat(21)}${'_'.repeat(22)}=`, 'BAD_KEY_TEXT'],
  ['key', 'reject-non-zero-trailing-bits', `ed25519:${'A'.repeat(42)}B`, 'BAD_KEY_TEXT'],
  ['key', 'reject-double-padding', `ed25519:${'A'.repeat(42)}==`, 'BAD_KEY_TEXT'],
  ['signature', 'hex', `ed25519:${hex(sBytes)}`, sBytes],
  ['signature', 'base64-padded', `ed25519:${b64(sBytes, 'base64')}`, sBytes],
  ['signature', 'base64url-unpadded', `ed25519:${b64(sBytes, 'base64url')}`, sBytes],
  ['signature', 'base64url-padded', `ed25519:${b64(sBytes, 'base64url')}==`, sBytes],
  ['signature', 'spec-13-zero-signature-base64url-86', `ed25519:${'A'.repeat(86)}`, zero64],
  ['signature', 'spec-13-reject-base64url-88-without-padding', `ed25519:${'A'.repeat(88)}`, 'BAD_SIGNATURE_TEXT'],
  ['signature', 'reject-single-padding', `ed25519:${'A'.repeat(86)}=`, 'BAD_SIGNATURE_TEXT'],
  ['signature', 'reject-key-length', `ed25519:${hex(kBytes)}`, 'BAD_SIGNATURE_TEXT'],
].map(([kind, name, text, expected]) => ({
  name: `${kind}-${name}`, source: 'SPEC-DIGEST §0 text forms and §13 encoding checks (schemas/v1/common/ids.schema.json)',
  input: { kind, text },
  ...(typeof expected === 'string' ? { error: { code: expected } } : { expected: { hex: hex(expected), formatted: `ed25519:${hex(expected)}` } }),
}));
out('keytext.json', {
  description: 'Text forms of Ed25519 public keys and signatures: parsePublicKey/parseSignature must return expected.hex (and format back to expected.formatted) or throw error.code.',
  source: 'Generated by crates-ts/core/scripts/generate-vectors.mjs (Node Buffer base64/base64url).',
  cases: keyText,
});

// ---------------------------------------------------------------- JCS
const a64 = 'a'.repeat(64);
const c64 = 'c'.repeat(64);
const proposalMin = { action: 'publish.artifact', target: 'https://example.com/assets/model.bin', proposal_id: `blake3:${a64}`, required_quorum: '2-of-3@leads', expire_at: '2025-12-01T00:00:00Z', policy_rule: 'governance.publish.artifact', created_by: 'user:alice' };
const approvalMin = { proposal_id: `blake3:${a64}`, approval_id: `blake3:${c64}`, signer: `ed25519:${'0'.repeat(64)}`, expires_at: '2025-12-01T00:00:00Z' };
const pocMin = { proposal_id: `blake3:${a64}`, approvals: [{ approval_id: `blake3:${c64}`, signer: `ed25519:${'0'.repeat(64)}` }, { approval_id: `blake3:${'c'.repeat(63)}d`, signer: `ed25519:${'1'.repeat(64)}` }], policy_rule: 'governance.publish.artifact' };
const without = (obj, key) => Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key));
const jcsPositive = [
  ['adr-0002-job-manifest', 'SPEC-DIGEST §13 job manifest (ADR-0002)', { command: ['/usr/bin/env', 'bash', '-lc'], args: ['echo', 'hello'], timeout: 30, env: { GREETING: 'hello' } }, '298aaf4ca1e68cb951a3fae38e69dba73ce6a24d138f773601ff7d264e0d5fdc'],
  ['manifest-min', 'SPEC-DIGEST §13 manifest_min', { command: ['/bin/echo'], args: ['hello'], timeout: 30 }, '5c4f6b750d6930ffc8491f59dc7cffd5201b680755db0e9acff17d313df031d1'],
  ['manifest-no-args', 'SPEC-DIGEST §13', { command: ['/bin/echo'], timeout: 30 }, '91ea3630553d1faf474d1bceafd285ff4cab74780c236d0332f7495cc7eb30c2'],
  ['manifest-empty-args', 'SPEC-DIGEST §13 [R] normal form', { args: [], command: ['/bin/echo'], timeout: 30 }, '237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd'],
  ['poc-min', 'SPEC-DIGEST §13 JCS(poc_min)', pocMin, '2db1c48f92f4d8a7b982d8bd6a218f8d99d00a4e8ee5e366b614836402124204'],
  ['proposal-min-id', 'SPEC-DIGEST §13 proposal id = blake3(JCS(proposal_min minus proposal_id))', without(proposalMin, 'proposal_id'), '12f80ede9449809be0a95aaea04c1bd90105359b3abac3ef1638e0459001b8b9'],
  ['approval-min-id', 'SPEC-DIGEST §13 approval id = blake3(JCS(approval_min minus approval_id))', without(approvalMin, 'approval_id'), 'ca30630a1aaacade6043306a1b649b37250dec373d80e889faa62ab5481343b7'],
  ['rfc8785-numbers', 'RFC 8785 §3.2.2.3 number serialisation', { numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001, -0] }, null],
  ['utf16-key-order', 'RFC 8785 §3.2.3: keys sorted by UTF-16 code units, not length-first', { '\u20ac': 'euro', '\r': 'cr', '\ufb01': 'ligature', '1': 'one', '\ud83d\ude00': 'emoji', '\u0080': 'control', '\u00f6': 'o-umlaut', b: 1, aa: 2 }, null],
].map(([name, source, input, digest]) => {
  const text = canonicalize(input);
  const computed = hex(blake3(utf8(text)));
  if (digest !== null && digest !== computed) throw new Error(`${name}: digest ${computed} != spec ${digest}`);
  return { name, source, input, expected: { jcs: text, blake3: computed } };
});
const jcsNegative = [
  ['non-nfc-string', { name: 'e\u0301' }, '/name'],
  ['non-nfc-key', { ['A\u030a']: 1 }, '/A\u030a'],
  ['rfc8785-sample-key-not-nfc', { '\ufb33': 'hebrew' }, '/\ufb33'],
  ['lone-surrogate', ['\ud800'], '/0'],
  ['nan', { n: { $number: 'NaN' } }, '/n'],
  ['infinity', [1, { $number: 'Infinity' }], '/1'],
  ['bigint', { big: { $bigint: '1' } }, '/big'],
  ['undefined', { u: { $undefined: true } }, '/u'],
  ['bytes', { b: { $bytes: '00' } }, '/b'],
].map(([name, input, path]) => ({ name, source: 'SPEC-DIGEST §0 [R], I12: reject what JCS would change or cannot spell', input, error: { code: 'JCS_INVALID', path } }));
out('jcs.json', {
  description: 'RFC 8785 canonical JSON: canonicalJson(input) must equal expected.jcs and blake3 of its UTF-8 bytes expected.blake3; error cases must throw JCS_INVALID with data.path (JSON pointer).',
  source: 'Generated by crates-ts/core/scripts/generate-vectors.mjs with canonicalize 2 and @noble/hashes; SPEC-DIGEST §13 digests asserted at generation time.',
  tagging: TAGGING,
  cases: [...jcsPositive, ...jcsNegative],
});
