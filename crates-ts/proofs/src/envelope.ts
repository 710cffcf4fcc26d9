/**
 * The Proof-of-Experiment envelope (SPEC-DIGEST §4 [R], ADR-0019), stored as `pox.cbor`:
 * canonical DAG-CBOR of the closed field set below. Its digest (`Proof-Of-Experiment`) is blake3 of
 * the canonical bytes *without* `sig`; `sig` is Ed25519 by `signer` over the 32 bytes of that digest.
 */
import { assertUlid, blake3, decodeStrict, encodeCanonical, isGatosError, toHex, type CborValue } from '@gatos/core';
import { poxError } from './errors.js';

export interface PoxLinks {
  /** `Proof-Of-Execution` digests of the linked job results, sorted. */
  readonly poe: readonly string[];
  /** `Proof-Of-Fold` digests of the linked checkpoints, sorted. */
  readonly pof: readonly string[];
}

export interface PoxEnvelope {
  readonly type: 'pox';
  readonly ulid: string;
  readonly inputs_root: string;
  readonly program_id: string;
  readonly policy_root: string;
  readonly policy_code_root: string;
  readonly outputs_root: string;
  readonly links: PoxLinks;
  /** `ed25519:<hex>` public key of the signer (a gatos addition: the verifier needs the key). */
  readonly signer: string;
  readonly sig_alg: 'ed25519';
  readonly sig: string;
}

export type UnsignedPox = Omit<PoxEnvelope, 'sig'>;

const FIELDS = ['inputs_root', 'links', 'outputs_root', 'policy_code_root', 'policy_root', 'program_id', 'sig', 'sig_alg', 'signer', 'type', 'ulid'];
const BLAKE3 = /^blake3:[0-9a-f]{64}$/;
const SHA256 = /^sha256:[0-9a-f]{64}$/;
const OID = /^[0-9a-f]{40}$/;
const KEY = /^ed25519:[0-9a-f]{64}$/;
const SIG = /^ed25519:[0-9a-f]{128}$/;

/** The bytes that are hashed and signed: canonical DAG-CBOR without `sig`. */
export function unsignedPoxBytes(pox: UnsignedPox | PoxEnvelope): Uint8Array {
  const { sig: _sig, ...rest } = pox as PoxEnvelope;
  return encodeCanonical(rest as unknown as CborValue);
}

/** The 32 bytes the signature covers. */
export function poxDigestBytes(pox: UnsignedPox | PoxEnvelope): Uint8Array {
  return blake3(unsignedPoxBytes(pox));
}

/** `Proof-Of-Experiment`: `blake3:<hex>` of the unsigned canonical bytes. */
export function poxDigest(pox: UnsignedPox | PoxEnvelope): string {
  return `blake3:${toHex(poxDigestBytes(pox))}`;
}

export function encodePox(pox: PoxEnvelope): Uint8Array {
  return encodeCanonical(pox as unknown as CborValue);
}

function invalid(why: string, field: string): never {
  throw poxError('POX_INVALID', `pox.cbor: ${why}`, { data: { field } });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function digests(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'string' && BLAKE3.test(d))) invalid(`field "${field}" must be an array of "blake3:<hex>" digests`, field);
  const list = v as string[];
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]! < list[i]!)) invalid(`field "${field}" must be sorted and without duplicates`, field);
  return list;
}

/**
 * Strictly decodes `pox.cbor`: canonical DAG-CBOR only (unsorted keys, indefinite lengths or trailing
 * bytes are refused), the closed field set, and every field's shape. Throws `POX_INVALID` naming the field.
 */
export function decodePox(bytes: Uint8Array): PoxEnvelope {
  let v: unknown;
  try {
    v = decodeStrict(bytes);
  } catch (err) {
    if (isGatosError(err)) invalid(`not canonical DAG-CBOR (${err.message})`, '(root)');
    throw err;
  }
  if (!isRecord(v)) return invalid('must be a map', '(root)');
  const keys = Object.keys(v).sort();
  const unknown = keys.filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) invalid(`unknown field "${unknown[0]}"`, unknown[0]!);
  const missing = FIELDS.filter((k) => !(k in v));
  if (missing.length > 0) invalid(`field "${missing[0]}" is missing`, missing[0]!);
  const shape = (k: string, ok: boolean, what: string): void => {
    if (!ok) invalid(`field "${k}" must be ${what}`, k);
  };
  shape('type', v.type === 'pox', '"pox"');
  shape('ulid', typeof v.ulid === 'string' && ulidOk(v.ulid), 'a ULID');
  for (const k of ['inputs_root', 'program_id', 'outputs_root']) shape(k, typeof v[k] === 'string' && BLAKE3.test(v[k] as string), '"blake3:<64 hex>"');
  shape('policy_root', typeof v.policy_root === 'string' && OID.test(v.policy_root), 'a commit id (40 hex)');
  shape('policy_code_root', typeof v.policy_code_root === 'string' && SHA256.test(v.policy_code_root), '"sha256:<64 hex>"');
  shape('signer', typeof v.signer === 'string' && KEY.test(v.signer), '"ed25519:<64 hex>"');
  shape('sig_alg', v.sig_alg === 'ed25519', '"ed25519"');
  shape('sig', typeof v.sig === 'string' && SIG.test(v.sig), '"ed25519:<128 hex>"');
  const links = v.links;
  if (!isRecord(links)) return invalid('field "links" must be a map {poe, pof}', 'links');
  const extra = Object.keys(links).filter((k) => k !== 'poe' && k !== 'pof');
  if (extra.length > 0) invalid(`field "links" has unknown key "${extra[0]}"`, 'links');
  digests(links.poe, 'links.poe');
  digests(links.pof, 'links.pof');
  return v as unknown as PoxEnvelope;
}

function ulidOk(s: string): boolean {
  try {
    assertUlid(s);
    return true;
  } catch {
    return false;
  }
}
