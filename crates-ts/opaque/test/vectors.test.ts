/**
 * Golden vectors of spec/vectors/opaque/ (ADR-0015). The values were computed by the independent
 * reference in hpkeReference.ts (RFC 9180 and the ADR written out with node:crypto and
 * @noble/curves); this file checks that the reference still computes them and that @gatos/opaque
 * agrees. Regenerate with GATOS_WRITE_VECTORS=1 npx vitest run crates-ts/opaque/test/vectors.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blake3, blake3Hex, fromHex, isGatosError, toHex } from '@gatos/core';
import { checkoutRoot } from '@gatos/testkit';
import { bucketFor, formatPointer, pad, parsePointer, recipientKeyFromSeed, unpad, decryptBlob, x25519FromEd25519 } from '../src/index.js';
import { encryptBlobWith } from '../src/encryptBlob.js';
import { sealContent } from '../src/contentCipher.js';
import { contentAad } from '../src/associatedData.js';
import { wrapKey } from '../src/wrapKey.js';
import { aesGcm, edPublicKey, hpkeSealBase, keyCommitmentRef, montgomeryU, padRef } from './hpkeReference.js';

const dir = join(checkoutRoot, 'spec/vectors/opaque');
const WRITE = process.env.GATOS_WRITE_VECTORS === '1';
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const seedOf = (name: string): Uint8Array => blake3(utf8(`gatos-vector-key:${name}`));
const fixed = (label: string, n: number): Uint8Array => blake3(utf8(`gatos-vector-random:${label}`)).subarray(0, n);
const edKey = (name: string): string => `ed25519:${toHex(edPublicKey(seedOf(name)))}`;

function load<T>(file: string, compute: () => T): T {
  const path = join(dir, file);
  if (WRITE) writeFileSync(path, `${JSON.stringify(compute(), null, 2)}\n`);
  const stored = JSON.parse(readFileSync(path, 'utf8')) as T;
  expect(compute(), `${file} no longer matches the reference computation`).toEqual(stored);
  return stored;
}

// ---- buckets and padding ---------------------------------------------------------------------
interface Buckets {
  source: string;
  buckets: Array<{ name: string; length: number; bucket?: number; error?: { code: string } }>;
  padding: Array<{ name: string; plaintext_hex: string; bucket: number; marker_offset: number; padded_blake3: string }>;
  unpad_rejects: Array<{ name: string; padded_hex: string; error: { code: string } }>;
}

const LENGTHS: Array<[string, number]> = [
  ['empty', 0], ['one byte', 1], ['largest in 1 KiB (room for the marker)', 1023], ['1024 bytes need the 4 KiB bucket', 1024],
  ['largest in 4 KiB', 4095], ['16 KiB boundary', 16384], ['64 KiB boundary', 65535], ['just over 64 KiB', 65536],
  ['100 MB (the benchmark file) goes to 256 MiB', 100 * 1024 * 1024], ['largest allowed', 1024 ** 3 - 1],
];

const PADDING: Array<[string, Uint8Array]> = [
  ['empty plaintext', new Uint8Array()],
  ['short text', utf8('hello')],
  ['plaintext ending in 0x80 0x00 (looks like padding)', Uint8Array.of(1, 2, 0x80, 0)],
  ['1023 bytes of 0x80 fill the 1 KiB bucket exactly', new Uint8Array(1023).fill(0x80)],
  ['1024 zero bytes move to 4 KiB', new Uint8Array(1024)],
];

function computeBuckets(): Buckets {
  return {
    source: 'ADR-0015 "Padding and buckets"; SPEC-DIGEST §8 (1K/4K/16K/64K, then ×4). Values from hpkeReference.ts padRef (independent of @gatos/opaque).',
    buckets: [
      ...LENGTHS.map(([name, length]) => {
        let bucket = 1024;
        while (bucket < length + 1) bucket *= 4;
        return { name, length, bucket };
      }),
      { name: 'one byte over the largest bucket', length: 1024 ** 3, error: { code: 'OPAQUE_TOO_LARGE' } },
    ],
    padding: PADDING.map(([name, pt]) => {
      const padded = padRef(pt);
      return { name, plaintext_hex: toHex(pt), bucket: padded.length, marker_offset: pt.length, padded_blake3: `blake3:${blake3Hex(padded)}` };
    }),
    unpad_rejects: [
      { name: 'no marker at all (all zeros)', padded_hex: '00'.repeat(16), error: { code: 'OPAQUE_TAMPERED' } },
      { name: 'a non-zero byte after the marker', padded_hex: `6869800000${'01'}000000`, error: { code: 'OPAQUE_TAMPERED' } },
      { name: 'ends in 0x81 (not the marker)', padded_hex: '686981', error: { code: 'OPAQUE_TAMPERED' } },
    ],
  };
}

// ---- the content AEAD, one wrap, one whole pointer -------------------------------------------
interface Crypto {
  source: string;
  content: { name: string; key_hex: string; iv_hex: string; plaintext_hex: string; size: number; aad: string; sealed_blake3: string; tag_hex: string; sealed_head_hex: string };
  wrap: { name: string; recipient: string; recipient_ed25519: string; recipient_x25519_hex: string; ephemeral_secret_hex: string; content_key_hex: string; info: string; aad: string; enc_hex: string; wrapped_hex: string };
  pointer: { name: string; plaintext: string; class: string; recipients: string[]; content_key_hex: string; iv_hex: string; ephemeral_secrets_hex: string[]; expected: string };
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function computeCrypto(): Crypto {
  const key = fixed('content-key', 32);
  const iv = fixed('iv', 12);
  const pt = utf8('The quick brown fox jumps over the lazy dog');
  const padded = padRef(pt);
  const aad = `{"algo":"aes-256-gcm","ctx":"gatos.opaque.content.v1","size":${padded.length}}`;
  const sealed = aesGcm(key, iv, utf8(aad), padded);

  const wrapAadText = '{"algo":"aes-256-gcm","ciphertext_hash":"blake3:' + '0'.repeat(64) + '","ctx":"gatos.opaque.wrap.v1","iv":"AAAAAAAAAAAAAAAA","key_commitment":"' + 'A'.repeat(43) + '","kind":"opaque","recipients":["' + edKey('alice') + '"],"size":1024,"wrap":"hpke-base-x25519-sha256-aes256gcm"}';
  const skE = fixed('ephemeral:wrap', 32);
  const pkR = montgomeryU(edPublicKey(seedOf('alice')));
  const w = hpkeSealBase(pkR, skE, utf8('gatos.opaque.wrap.v1'), utf8(wrapAadText), key);

  // A whole pointer: two recipients, a class, everything random fixed.
  const names = ['bob', 'alice'];
  const keys = names.map(edKey).sort();
  const ephemerals = keys.map((_, i) => fixed(`ephemeral:${i}`, 32));
  const doc = utf8('salary: 123456');
  const docPadded = padRef(doc);
  const docSealed = aesGcm(key, iv, utf8(`{"algo":"aes-256-gcm","ctx":"gatos.opaque.content.v1","size":${docPadded.length}}`), docPadded);
  const header = {
    algo: 'aes-256-gcm', ciphertext_hash: `blake3:${blake3Hex(docSealed)}`, class: 'pii', ctx: 'gatos.opaque.wrap.v1', iv: b64u(iv),
    key_commitment: b64u(keyCommitmentRef(key)), kind: 'opaque', recipients: keys, size: docPadded.length, wrap: 'hpke-base-x25519-sha256-aes256gcm',
  };
  const headerText = JSON.stringify(header); // keys already in JCS order, ASCII values: JSON.stringify is JCS here
  const recipients = keys.map((k, i) => {
    const seed = seedOf(names.find((n) => edKey(n) === k)!);
    const sealedKey = hpkeSealBase(montgomeryU(edPublicKey(seed)), ephemerals[i]!, utf8('gatos.opaque.wrap.v1'), utf8(headerText), key);
    return { enc: b64u(sealedKey.enc), key: k, wrapped: b64u(sealedKey.ct) };
  });
  const expected = JSON.stringify({
    algo: 'aes-256-gcm', ciphertext_hash: header.ciphertext_hash, class: 'pii',
    encrypted_meta: { iv: header.iv, key_commitment: header.key_commitment, recipients, v: 1, wrap: header.wrap },
    kind: 'opaque', size: header.size,
  });
  return {
    source: 'ADR-0015 (content AEAD, HPKE wrap, associated data). Computed by hpkeReference.ts: RFC 9180 §4-§5 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, base mode) written out with node:crypto and @noble/curves, independent of @hpke/core and @gatos/opaque. Keys: seed = blake3(utf8("gatos-vector-key:" + name)); fixed randomness = blake3(utf8("gatos-vector-random:" + label)) truncated.',
    content: {
      name: 'AES-256-GCM over a padded 43-byte plaintext (1 KiB bucket)',
      key_hex: toHex(key), iv_hex: toHex(iv), plaintext_hex: toHex(pt), size: padded.length, aad,
      sealed_blake3: `blake3:${blake3Hex(sealed)}`, tag_hex: toHex(sealed.subarray(sealed.length - 16)), sealed_head_hex: toHex(sealed.subarray(0, 32)),
    },
    wrap: {
      name: 'HPKE SealBase of a content key to alice (X25519 key derived from her Ed25519 key)',
      recipient: 'alice', recipient_ed25519: edKey('alice'), recipient_x25519_hex: toHex(pkR), ephemeral_secret_hex: toHex(skE),
      content_key_hex: toHex(key), info: 'gatos.opaque.wrap.v1', aad: wrapAadText, enc_hex: toHex(w.enc), wrapped_hex: toHex(w.ct),
    },
    pointer: {
      name: 'a whole opaque pointer for alice and bob, class pii',
      plaintext: 'salary: 123456', class: 'pii', recipients: names, content_key_hex: toHex(key), iv_hex: toHex(iv),
      ephemeral_secrets_hex: ephemerals.map(toHex), expected,
    },
  };
}

describe('opaque golden vectors', () => {
  it('buckets and padding (buckets.json)', () => {
    const v = load('buckets.json', computeBuckets);
    for (const c of v.buckets) {
      if (c.error) expect(() => bucketFor(c.length), c.name).toThrow(expect.objectContaining({ code: c.error.code }));
      else expect(bucketFor(c.length), c.name).toBe(c.bucket);
    }
    for (const c of v.padding) {
      const pt = fromHex(c.plaintext_hex);
      const padded = pad(pt);
      expect(padded.length, c.name).toBe(c.bucket);
      expect(padded[c.marker_offset], c.name).toBe(0x80);
      expect(`blake3:${blake3Hex(padded)}`, c.name).toBe(c.padded_blake3);
      expect(toHex(unpad(padded)), c.name).toBe(c.plaintext_hex);
    }
    for (const c of v.unpad_rejects) {
      let err: unknown;
      try {
        unpad(fromHex(c.padded_hex));
      } catch (e) {
        err = e;
      }
      expect(isGatosError(err, c.error.code), c.name).toBe(true);
    }
  });

  it('the content AEAD, one HPKE wrap and a whole pointer (crypto.json)', async () => {
    const v = load('crypto.json', computeCrypto);
    const c = v.content;
    const pt = fromHex(c.plaintext_hex);
    const sealed = sealContent(fromHex(c.key_hex), fromHex(c.iv_hex), pt, pad(pt).subarray(pt.length), contentAad(c.size));
    expect(new TextDecoder().decode(contentAad(c.size))).toBe(c.aad);
    expect(`blake3:${blake3Hex(sealed)}`).toBe(c.sealed_blake3);
    expect(toHex(sealed.subarray(sealed.length - 16))).toBe(c.tag_hex);

    const w = v.wrap;
    const alice = recipientKeyFromSeed(seedOf(w.recipient));
    expect(alice.key).toBe(w.recipient_ed25519);
    expect(toHex(alice.x25519PublicKey)).toBe(w.recipient_x25519_hex);
    expect(toHex(x25519FromEd25519(fromHex(w.recipient_ed25519.slice(8))))).toBe(w.recipient_x25519_hex);
    const wrapped = await wrapKey(fromHex(w.content_key_hex), alice.x25519PublicKey, utf8(w.aad), fromHex(w.ephemeral_secret_hex));
    expect(toHex(wrapped.enc)).toBe(w.enc_hex);
    expect(toHex(wrapped.wrapped)).toBe(w.wrapped_hex);

    const p = v.pointer;
    const built = await encryptBlobWith(utf8(p.plaintext), p.recipients.map(edKey), { class: p.class }, {
      contentKey: fromHex(p.content_key_hex), iv: fromHex(p.iv_hex), ephemeralSecrets: p.ephemeral_secrets_hex.map((h) => fromHex(h)),
    });
    expect(formatPointer(built.pointer)).toBe(p.expected);
    expect(formatPointer(parsePointer(JSON.parse(p.expected)))).toBe(p.expected);
    for (const name of p.recipients) {
      expect(new TextDecoder().decode(await decryptBlob(built.pointer, built.ciphertext, recipientKeyFromSeed(seedOf(name))))).toBe(p.plaintext);
    }
  });
});
