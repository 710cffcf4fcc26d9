/**
 * An independent reference for the construction of ADR-0015, written from the RFC text with
 * node:crypto and @noble/curves only (no @hpke/core, no gatos code): RFC 9180 HPKE base mode with
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-256-GCM, plus the content AEAD, padding and key
 * commitment. Golden vectors are computed with it, and the implementation must agree.
 */
import { createCipheriv, createHmac } from 'node:crypto';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const i2osp = (n: number, len: number): Buffer => {
  const b = Buffer.alloc(len);
  b.writeUIntBE(n, 0, len);
  return b;
};
const hmac = (key: Uint8Array, data: Uint8Array): Buffer => createHmac('sha256', key).update(data).digest();

const KEM_ID = 0x0020;
const KDF_ID = 0x0001;
const AEAD_ID = 0x0002;
const KEM_SUITE = Buffer.concat([utf8('KEM'), i2osp(KEM_ID, 2)]);
const HPKE_SUITE = Buffer.concat([utf8('HPKE'), i2osp(KEM_ID, 2), i2osp(KDF_ID, 2), i2osp(AEAD_ID, 2)]);

function labeledExtract(suite: Buffer, salt: Uint8Array, label: string, ikm: Uint8Array): Buffer {
  return hmac(salt, Buffer.concat([utf8('HPKE-v1'), suite, utf8(label), ikm]));
}

function labeledExpand(suite: Buffer, prk: Uint8Array, label: string, info: Uint8Array, length: number): Buffer {
  const labeled = Buffer.concat([i2osp(length, 2), utf8('HPKE-v1'), suite, utf8(label), info]);
  // HKDF-Expand (RFC 5869); every length used here fits in one SHA-256 block.
  return hmac(prk, Buffer.concat([labeled, Uint8Array.of(1)])).subarray(0, length);
}

/** RFC 9180 §5.1.1 SealBase with a given ephemeral secret. */
export function hpkeSealBase(pkR: Uint8Array, skE: Uint8Array, info: Uint8Array, aad: Uint8Array, pt: Uint8Array): { enc: Buffer; ct: Buffer } {
  const enc = Buffer.from(x25519.getPublicKey(skE));
  const dh = x25519.getSharedSecret(skE, pkR);
  const kemContext = Buffer.concat([enc, pkR]);
  const eaePrk = labeledExtract(KEM_SUITE, new Uint8Array(), 'eae_prk', dh);
  const shared = labeledExpand(KEM_SUITE, eaePrk, 'shared_secret', kemContext, 32);
  const pskIdHash = labeledExtract(HPKE_SUITE, new Uint8Array(), 'psk_id_hash', new Uint8Array());
  const infoHash = labeledExtract(HPKE_SUITE, new Uint8Array(), 'info_hash', info);
  const context = Buffer.concat([Uint8Array.of(0), pskIdHash, infoHash]);
  const secret = labeledExtract(HPKE_SUITE, shared, 'secret', new Uint8Array());
  const key = labeledExpand(HPKE_SUITE, secret, 'key', context, 32);
  const nonce = labeledExpand(HPKE_SUITE, secret, 'base_nonce', context, 12);
  return { enc, ct: aesGcm(key, nonce, aad, pt) };
}

export function aesGcm(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Buffer {
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
}

/** X25519 public key of an Ed25519 public key, from the birational map u = (1 + y) / (1 - y) mod p. */
export function montgomeryU(edPublic: Uint8Array): Buffer {
  const p = 2n ** 255n - 19n;
  const bytes = Buffer.from(edPublic);
  bytes[31]! &= 0x7f;
  const y = BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
  const pow = (b: bigint, e: bigint): bigint => {
    let r = 1n;
    b %= p;
    for (; e > 0n; e >>= 1n, b = (b * b) % p) if (e & 1n) r = (r * b) % p;
    return r;
  };
  const u = ((1n + y) * pow((1n - y + p) % p, p - 2n)) % p;
  return Buffer.from(u.toString(16).padStart(64, '0'), 'hex').reverse();
}

export const edPublicKey = (seed: Uint8Array): Uint8Array => ed25519.getPublicKey(seed);

export const keyCommitmentRef = (key: Uint8Array): Buffer => hmac(key, utf8('gatos.opaque.key-commitment.v1'));

/** Plaintext ‖ 0x80 ‖ zeros up to the smallest 1 KiB × 4^k bucket with room for the marker. */
export function padRef(pt: Uint8Array): Buffer {
  let bucket = 1024;
  while (bucket < pt.length + 1) bucket *= 4;
  const out = Buffer.alloc(bucket);
  out.set(pt);
  out[pt.length] = 0x80;
  return out;
}
