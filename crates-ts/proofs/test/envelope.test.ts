import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { blake3, blake3Noble, encodeCanonical, formatPublicKey, formatSignature, fromHex, initHashes, parsePublicKey, parseSignature, publicKeyFromSeed, signBytes, toHex, verifyStrictNoble, type Signer } from '@gatos/core';
import { checkoutRoot } from '@gatos/testkit';
import {
  decodePox, encodePox, inputsRoot, listRoot, outputsRoot, parsePoxTarget, poxDigest, poxDigestBytes, poxUlid, programId, unsignedPoxBytes,
  type PoxEnvelope, type UnsignedPox,
} from '../src/index.js';

beforeAll(async () => {
  await initHashes();
});

/** An independent reading of ADR-0019's list root: written from the formula, not from roots.ts. */
function referenceRoot(domain: string, items: string[]): string {
  const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
  const u64 = (n: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    return b;
  };
  const sorted = [...new Set(items)].sort((a, b) => Buffer.compare(enc(a), enc(b)));
  const parts = [u64(enc(domain).length), enc(domain), u64(sorted.length), ...sorted.flatMap((s) => [u64(enc(s).length), enc(s)])];
  return `blake3:${toHex(blake3Noble(new Uint8Array(Buffer.concat(parts))))}`;
}

const h = (c: string): string => `blake3:${c.repeat(64)}`;
const vectorSigner = (): Signer => {
  const seed = blake3(new TextEncoder().encode('gatos-vector-key:researcher'));
  return { actor: 'user:researcher', publicKey: publicKeyFromSeed(seed), sign: (m) => signBytes(seed, m) };
};

function vectorEnvelope(): PoxEnvelope {
  const signer = vectorSigner();
  const unsigned: UnsignedPox = {
    type: 'pox',
    ulid: poxUlid(1_767_225_600_000, h('a')),
    inputs_root: inputsRoot([h('1'), h('2')]),
    program_id: programId([h('3')], ['sha256:' + '4'.repeat(64)]),
    policy_root: '5'.repeat(40),
    policy_code_root: 'sha256:' + '6'.repeat(64),
    outputs_root: outputsRoot([h('7'), h('8')]),
    links: { poe: [h('9')], pof: [h('b')] },
    signer: formatPublicKey(signer.publicKey),
    sig_alg: 'ed25519',
  };
  return { ...unsigned, sig: formatSignature(signer.sign(poxDigestBytes(unsigned))) };
}

describe('PoX roots (ADR-0019)', () => {
  it('match an independent implementation of the length-prefixed formula', () => {
    const cases: Array<[string, string[]]> = [['gatos.pox.inputs.v1', []], ['gatos.pox.inputs.v1', [h('2'), h('1'), h('2')]], ['d', ['', 'é', 'a b']]];
    for (const [domain, items] of cases) expect(listRoot(domain, items)).toBe(referenceRoot(domain, items));
  });

  it('ignore order and duplicates, but not content, domain or item boundaries', () => {
    expect(inputsRoot([h('1'), h('2')])).toBe(inputsRoot([h('2'), h('1'), h('1')]));
    expect(inputsRoot([h('1')])).not.toBe(outputsRoot([h('1')]));
    expect(listRoot('d', ['ab', 'c'])).not.toBe(listRoot('d', ['a', 'bc']));
    expect(programId([h('3')], [])).not.toBe(programId([], [h('3')]));
  });
});

describe('PoX envelope', () => {
  it('signs blake3 of the canonical bytes without sig, and round-trips strictly', () => {
    const pox = vectorEnvelope();
    const unsigned = unsignedPoxBytes(pox);
    const { sig: _sig, ...withoutSig } = pox;
    expect(toHex(unsigned)).toBe(toHex(encodeCanonical(withoutSig as never)));
    expect(decodePox(encodePox(pox)).sig).toBe(pox.sig);
    expect(verifyStrictNoble(parsePublicKey(pox.signer), blake3(unsigned), parseSignature(pox.sig))).toBe(true);
    expect(decodePox(encodePox(pox))).toEqual(pox);
    // the digest does not depend on sig
    expect(poxDigest({ ...pox, sig: 'ed25519:' + '0'.repeat(128) })).toBe(poxDigest(pox));
  });

  it('refuses non-canonical, unknown-field, missing-field and mis-shaped envelopes, naming the field', () => {
    const pox = vectorEnvelope();
    const bytes = encodePox(pox);
    expect(() => decodePox(new Uint8Array([0xff, 0x00]))).toThrow(/not canonical DAG-CBOR/);
    expect(() => decodePox(new Uint8Array([...bytes, 0x00]))).toThrow(/pox\.cbor/);
    expect(() => decodePox(encodeCanonical({ ...pox, extra: 1 } as never))).toThrow(/unknown field "extra"/);
    const { signer: _s, ...noSigner } = pox;
    expect(() => decodePox(encodeCanonical(noSigner as never))).toThrow(/"signer" is missing/);
    expect(() => decodePox(encodeCanonical({ ...pox, type: 'pof' } as never))).toThrow(/"type"/);
    expect(() => decodePox(encodeCanonical({ ...pox, inputs_root: 'sha256:' + '0'.repeat(64) } as never))).toThrow(/"inputs_root"/);
    expect(() => decodePox(encodeCanonical({ ...pox, links: { poe: [h('9'), h('1')], pof: [] } } as never))).toThrow(/links\.poe.*sorted/);
    expect(() => decodePox(encodeCanonical({ ...pox, links: { poe: [], pof: [], zk: [] } } as never))).toThrow(/unknown key "zk"/);
    expect(() => decodePox(encodeCanonical([1, 2] as never))).toThrow(/must be a map/);
  });

  it('parses ids and refs, and refuses anything else', () => {
    const ulid = poxUlid(0, h('c'));
    expect(parsePoxTarget(ulid).ref).toBe(`refs/gatos/audit/proofs/experiments/${ulid}`);
    expect(parsePoxTarget(`refs/gatos/audit/proofs/experiments/${ulid}`).ulid).toBe(ulid);
    for (const bad of ['', 'blake3:' + 'a'.repeat(64), 'refs/gatos/audit/proofs/experiments/../x', '../../etc/passwd']) expect(() => parsePoxTarget(bad)).toThrow(/not a PoX id/);
  });

  it('derives the ULID from time and digest, deterministically', () => {
    expect(poxUlid(1_767_225_600_000, h('a'))).toBe(poxUlid(1_767_225_600_000, h('a')));
    expect(poxUlid(1_767_225_600_000, h('a'))).not.toBe(poxUlid(1_767_225_600_000, h('b')));
    expect(poxUlid(1_767_225_600_000, h('a')).slice(0, 10)).toBe(poxUlid(1_767_225_600_000, h('b')).slice(0, 10));
  });
});

// Golden vector: spec/vectors/pox/envelope.json (regenerate with GATOS_WRITE_VECTORS=1).
const vectorFile = join(checkoutRoot, 'spec/vectors/pox/envelope.json');

interface Vector {
  source: string;
  seed: string;
  roots: Array<{ domain: string; items: string[]; root: string }>;
  envelope: { fields: PoxEnvelope; unsigned_cbor_hex: string; digest: string; cbor_hex: string };
}

function computeVector(): Vector {
  const pox = vectorEnvelope();
  const rootCases: Array<[string, string[]]> = [
    ['gatos.pox.inputs.v1', []],
    ['gatos.pox.inputs.v1', [h('2'), h('1')]],
    ['gatos.pox.outputs.v1', [h('7'), h('8')]],
    ['gatos.pox.program.v1', [`job ${h('3')}`, `fold sha256:${'4'.repeat(64)}`]],
  ];
  return {
    source: 'ADR-0019. Roots: listRoot(domain, items) = blake3(LP(domain) || U64BE(n) || LP(item)…), items sorted by UTF-8 bytes and de-duplicated, LP(x) = U64BE(len) || x. Envelope: signed by the key with seed blake3(utf8("gatos-vector-key:researcher")); sig = Ed25519 over the 32 bytes of digest; digest = blake3(unsigned_cbor). Regenerate with GATOS_WRITE_VECTORS=1 npx vitest run crates-ts/proofs/test/envelope.test.ts.',
    seed: 'gatos-vector-key:researcher',
    roots: rootCases.map(([domain, items]) => ({ domain, items, root: listRoot(domain, items) })),
    envelope: { fields: pox, unsigned_cbor_hex: toHex(unsignedPoxBytes(pox)), digest: poxDigest(pox), cbor_hex: toHex(encodePox(pox)) },
  };
}

describe('golden vector (spec/vectors/pox/envelope.json)', () => {
  it('matches the implementation byte for byte', () => {
    if (process.env.GATOS_WRITE_VECTORS === '1') writeFileSync(vectorFile, `${JSON.stringify(computeVector(), null, 2)}\n`);
    const v = JSON.parse(readFileSync(vectorFile, 'utf8')) as Vector;
    for (const r of v.roots) {
      expect(listRoot(r.domain, r.items)).toBe(r.root);
      expect(referenceRoot(r.domain, r.items)).toBe(r.root);
    }
    const bytes = fromHex(v.envelope.cbor_hex);
    const decoded = decodePox(bytes);
    expect(decoded).toEqual(v.envelope.fields);
    expect(toHex(unsignedPoxBytes(decoded))).toBe(v.envelope.unsigned_cbor_hex);
    expect(`blake3:${toHex(blake3Noble(fromHex(v.envelope.unsigned_cbor_hex)))}`).toBe(v.envelope.digest);
    expect(verifyStrictNoble(parsePublicKey(decoded.signer), fromHex(v.envelope.digest.slice(7)), parseSignature(decoded.sig))).toBe(true);
    expect(computeVector()).toEqual(v);
  });
});
