/**
 * DSSE v1, the Dead Simple Signing Envelope (secure-systems-lab/dsse `protocol.md` 1.0.0 and
 * `envelope.md`): `{payloadType, payload: base64(body), signatures: [{keyid, sig: base64(sig)}]}`
 * where each signature covers PAE(payloadType, body), never the base64 text or the JSON around it.
 * gatos signs with Ed25519 and writes `keyid` = `ed25519:<hex>`; a keyid is only a hint, so
 * verification always uses the key the caller trusts. Envelopes read from a repository are
 * attacker-controlled: parsing refuses anything but that exact shape.
 */
import { canonicalJsonBytes, formatPublicKey, verifyStrict, type Signer } from '@gatos/core';
import { jobError } from './errors.js';

export interface DsseSignature {
  readonly keyid: string;
  readonly sig: string;
}

export interface DsseEnvelope {
  readonly payloadType: string;
  /** Standard base64 of the signed body. */
  readonly payload: string;
  readonly signatures: readonly DsseSignature[];
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN being the ASCII decimal
 * byte length without leading zeros: the exact bytes a DSSE signature covers.
 * @example new TextDecoder().decode(preAuthEncoding('http://example.com/HelloWorld', utf8('hello world')))
 * // 'DSSEv1 29 http://example.com/HelloWorld 11 hello world'
 */
export function preAuthEncoding(payloadType: string, body: Uint8Array): Uint8Array {
  const type = utf8(payloadType);
  const parts = [utf8(`DSSEv1 ${type.length} `), type, utf8(` ${body.length} `), body];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A one-signature envelope over `body`, signed by `signer` (deterministic: Ed25519 is). */
export function signDsse(payloadType: string, body: Uint8Array, signer: Signer): DsseEnvelope {
  const sig = signer.sign(preAuthEncoding(payloadType, body));
  return {
    payloadType,
    payload: Buffer.from(body).toString('base64'),
    signatures: [{ keyid: formatPublicKey(signer.publicKey), sig: Buffer.from(sig).toString('base64') }],
  };
}

/**
 * Decodes base64 in the standard or the URL-safe alphabet (DSSE verifiers must accept both), with
 * or without padding; null for anything else, including a second spelling of the same bytes.
 */
export function decodeDsseBase64(text: string): Uint8Array | null {
  if (typeof text !== 'string' || !(/^[A-Za-z0-9+/]*={0,2}$/.test(text) || /^[A-Za-z0-9_-]*={0,2}$/.test(text))) return null;
  const digits = text.replace(/=+$/, '');
  if (digits.length % 4 === 1 || (digits.length !== text.length && text.length % 4 !== 0)) return null;
  const alphabet = /[-_]/.test(digits) ? 'base64url' : 'base64';
  const bytes = Buffer.from(digits, alphabet);
  if (bytes.toString(alphabet).replace(/=+$/, '') !== digits) return null;
  return new Uint8Array(bytes);
}

function invalid(why: string): never {
  throw jobError('JOB_RECORD_INVALID', `DSSE envelope ${why}`, { data: { format: 'dsse' } });
}

/**
 * Reads an envelope from its JSON bytes: exactly the keys `payloadType`, `payload`, `signatures`,
 * at least one `{keyid, sig}` whose sig decodes to 64 bytes, and a payload that decodes. Throws
 * `JOB_RECORD_INVALID` naming what is wrong; does not verify signatures.
 */
export function parseDsseEnvelope(bytes: Uint8Array): { envelope: DsseEnvelope; body: Uint8Array } {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return invalid('is not UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('is not a JSON object');
  const keys = Object.keys(value).sort().join(', ');
  if (keys !== 'payload, payloadType, signatures') return invalid(`has fields ${keys || '(none)'}; expected payload, payloadType, signatures`);
  const { payloadType, payload, signatures } = value as Record<string, unknown>;
  if (typeof payloadType !== 'string') return invalid('payloadType is not a string');
  const body = typeof payload === 'string' ? decodeDsseBase64(payload) : null;
  if (body === null) return invalid('payload is not base64');
  if (!Array.isArray(signatures) || signatures.length === 0) return invalid('has no signatures');
  const sigs = signatures.map((s: unknown, i): DsseSignature => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) return invalid(`signatures[${i}] is not an object`);
    const { keyid, sig, ...extra } = s as Record<string, unknown>;
    if (Object.keys(extra).length > 0) return invalid(`signatures[${i}] has unknown field(s) ${Object.keys(extra).join(', ')}`);
    if (typeof keyid !== 'string' || typeof sig !== 'string') return invalid(`signatures[${i}] needs string keyid and sig`);
    if (decodeDsseBase64(sig)?.length !== 64) return invalid(`signatures[${i}].sig is not base64 of a 64-byte Ed25519 signature`);
    return { keyid, sig };
  });
  return { envelope: { payloadType, payload: payload as string, signatures: sigs }, body };
}

/** True when some signature of the envelope verifies (strict Ed25519) under `publicKey` over PAE. */
export function dsseSignedBy(envelope: DsseEnvelope, body: Uint8Array, publicKey: Uint8Array): boolean {
  const message = preAuthEncoding(envelope.payloadType, body);
  return envelope.signatures.some((s) => {
    const sig = decodeDsseBase64(s.sig);
    return sig !== null && verifyStrict(publicKey, message, sig);
  });
}

/** The envelope's file bytes: JCS, so the same envelope is always the same bytes. */
export function dsseEnvelopeBytes(envelope: DsseEnvelope): Uint8Array {
  return canonicalJsonBytes(envelope);
}

