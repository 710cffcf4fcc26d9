import { beforeAll, describe, expect, it } from 'vitest';
import {
  blake3Hex,
  cidOf,
  decodeEnvelope,
  decodeStrict,
  encodeCanonical,
  encodeEnvelope,
  eventCid,
  formatPublicKey,
  formatSignature,
  fromHex,
  initHashes,
  parseSignature,
  publicKeyFromSeed,
  signBytes,
  toHex,
  verifyStrict,
  type EventEnvelope,
} from '../src/index.js';
import { expectCode, hexToBytes, loadVectors, untag } from './support/vectors.js';

interface Positive {
  name: string;
  input: unknown;
  expected: { cbor_hex: string; blake3: string; cid: string; signer: string; public_key: string; signature: string };
}
interface CborReject {
  name: string;
  input: { cbor_hex: string; max_bytes?: number };
  error: { code: string; offset?: number };
}
interface EncodeReject {
  name: string;
  input: { value: unknown };
  error: { code: string; path: string };
}
interface SchemaReject {
  name: string;
  input: { envelope: unknown; cbor_hex: string };
  error: { code: string; field?: string };
}

const positive = loadVectors<Positive>('envelope/positive.json');
const cborRejects = loadVectors<CborReject>('envelope/cbor-rejects.json');
const schemaRejects = loadVectors<SchemaReject>('envelope/schema-rejects.json');
const keys = positive.keys as Record<string, { seed: string; public_key: string }>;

beforeAll(() => initHashes());

describe('spec/vectors/envelope/positive.json', () => {
  it('reproduces the SPEC-DIGEST §13 Event-CID exactly', () => {
    const spec = positive.cases.find((c) => c.name === 'spec-13-event-cid')!;
    const bytes = encodeEnvelope(untag(spec.input) as EventEnvelope);
    expect(toHex(bytes)).toBe(
      'a564747970656a64656d6f2e68656c6c6f64756c6964781a303141525a334e44454b54535634525246465136394735464156656163746f726a757365723a616c696365677061796c6f6164a1636d73676b68656c6c6f206761746f736b706f6c6963795f726f6f74782830303030303030303030303030303030303030303030303030303030303030303030303030303030',
    );
    expect(blake3Hex(bytes)).toBe('91588525ea7853dc63648a270201a65bb8f5f2b0031ae1b1ccf9b9fb691acb93');
    expect(cidOf(bytes)).toBe('bafyr4ierlccsl2tykpoggzeke4badjs3xd27fmaddlq3dthzxh5wsgwlsm');
  });

  it('derives each vector key from its documented seed', () => {
    for (const [name, key] of Object.entries(keys)) {
      expect(key.seed).toBe(blake3Hex(new TextEncoder().encode(`gatos-vector-key:${name}`)));
      expect(formatPublicKey(publicKeyFromSeed(fromHex(key.seed)))).toBe(key.public_key);
    }
  });

  it.each(positive.cases.map((c) => [c.name, c] as const))('%s: bytes, blake3, CID, signature and round trip', (_, c) => {
    const env = untag(c.input) as EventEnvelope;
    const bytes = encodeEnvelope(env);
    expect(toHex(bytes)).toBe(c.expected.cbor_hex);
    expect(blake3Hex(bytes)).toBe(c.expected.blake3);
    expect(cidOf(bytes)).toBe(c.expected.cid);
    expect(eventCid(env)).toBe(c.expected.cid);
    const seed = fromHex(keys[c.expected.signer]!.seed);
    expect(formatSignature(signBytes(seed, bytes))).toBe(c.expected.signature);
    expect(verifyStrict(publicKeyFromSeed(seed), bytes, parseSignature(c.expected.signature))).toBe(true);
    const decoded = decodeEnvelope(bytes);
    expect(toHex(encodeEnvelope(decoded))).toBe(c.expected.cbor_hex);
    expect(toHex(encodeCanonical(decodeStrict(bytes)))).toBe(c.expected.cbor_hex);
  });
});

describe('spec/vectors/envelope/cbor-rejects.json', () => {
  it.each(cborRejects.cases.map((c) => [c.name, c] as const))('decoding rejects %s', (_, c) => {
    const bytes = hexToBytes(c.input.cbor_hex);
    const options = c.input.max_bytes === undefined ? {} : { maxBytes: c.input.max_bytes };
    const expected = c.error.offset === undefined ? {} : { offset: c.error.offset };
    const err = expectCode(() => decodeStrict(bytes, options), c.error.code, expected);
    expect(err.exitClass).toBe('check');
    expectCode(() => decodeEnvelope(bytes, options), c.error.code, expected);
  });

  const encodeCases = cborRejects.encode_cases as EncodeReject[];
  it.each(encodeCases.map((c) => [c.name, c] as const))('encoding refuses %s', (_, c) => {
    expectCode(() => encodeCanonical(untag(c.input.value)), c.error.code, { path: c.error.path });
  });
});

describe('spec/vectors/envelope/schema-rejects.json', () => {
  it.each(schemaRejects.cases.map((c) => [c.name, c] as const))('rejects %s on decode and on encode', (_, c) => {
    const data = c.error.field === undefined ? {} : { field: c.error.field };
    const decodeErr = expectCode(() => decodeEnvelope(hexToBytes(c.input.cbor_hex)), c.error.code, data);
    expect(decodeErr.exitClass).toBe('check');
    const encodeErr = expectCode(() => encodeEnvelope(untag(c.input.envelope) as EventEnvelope), c.error.code, data);
    expect(encodeErr.exitClass).toBe('usage');
  });
});
