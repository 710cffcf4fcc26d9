/**
 * Content ids (SPEC-DIGEST §2, I13): CIDv1, codec dag-cbor (0x71), multihash BLAKE3-256 (0x1e,
 * 32 bytes), written in base32 lower case, so every id starts `bafyr4i`.
 */
import { CID } from 'multiformats/cid';
import { base32 } from 'multiformats/bases/base32';
import { blake3 } from './blake3.js';
import { coreError } from './coreError.js';

/** Multicodec code of dag-cbor. */
export const DAG_CBOR_CODE = 0x71;
/** Multihash code of BLAKE3. */
export const BLAKE3_MULTIHASH_CODE = 0x1e;
/** CIDv1 varint, codec 0x71, multihash code 0x1e, digest length 32: every varint fits one byte. */
const CID_PREFIX = Uint8Array.of(0x01, DAG_CBOR_CODE, BLAKE3_MULTIHASH_CODE, 32);

/**
 * The content id of canonical DAG-CBOR bytes (the caller has already made them canonical).
 * @example cidOf(encodeCanonical(envelope)) // 'bafyr4i…'
 */
export function cidOf(canonicalBytes: Uint8Array): string {
  // Hot path (one per event): the binary CID is a fixed 4-byte prefix + digest, so skip CID objects.
  const binary = new Uint8Array(CID_PREFIX.length + 32);
  binary.set(CID_PREFIX);
  binary.set(blake3(canonicalBytes), CID_PREFIX.length);
  return base32.encode(binary);
}

/**
 * Parses a gatos content id, accepting only the exact shape `cidOf` writes; throws `BAD_CID`.
 * @example parseCid('bafyr4ierlccsl2tykpoggzeke4badjs3xd27fmaddlq3dthzxh5wsgwlsm').multihash.digest // 32 bytes
 */
export function parseCid(text: string): CID {
  if (typeof text !== 'string' || !/^b[a-z2-7]+$/.test(text)) {
    throw coreError('BAD_CID', 'a content id is base32 lower case starting with "b" (e.g. bafyr4i…)', {
      data: { cid: typeof text === 'string' ? text.slice(0, 100) : null },
    });
  }
  let cid: CID;
  try {
    cid = CID.parse(text);
  } catch (cause) {
    throw coreError('BAD_CID', `not a CID: ${(cause as Error).message}`, { data: { cid: text.slice(0, 100) }, cause });
  }
  const { version, code, multihash } = cid;
  if (version !== 1 || code !== DAG_CBOR_CODE || multihash.code !== BLAKE3_MULTIHASH_CODE || multihash.size !== 32) {
    throw coreError(
      'BAD_CID',
      `content id must be CIDv1 dag-cbor (0x71) over BLAKE3-256 (0x1e); got v${version} codec 0x${code.toString(16)} hash 0x${multihash.code.toString(16)}/${multihash.size}`,
      { data: { cid: text.slice(0, 100) } },
    );
  }
  // Round-trip so that no second spelling of the same id is accepted.
  if (cid.toString() !== text) {
    throw coreError('BAD_CID', 'content id is not in its canonical base32 spelling', { data: { cid: text.slice(0, 100) } });
  }
  return cid;
}
