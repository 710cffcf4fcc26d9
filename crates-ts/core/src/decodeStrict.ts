/**
 * Strict DAG-CBOR decoding for untrusted bytes (SPEC-DIGEST §0, §2 verification step 1).
 *
 * Three layers: a size limit before anything is parsed; a header walk that names the first
 * violated rule of `CANONICAL_RULES` and its byte offset; then @ipld/dag-cbor decodes, and the
 * value is re-encoded and compared byte for byte, because the library alone accepts unsorted maps.
 */
import * as dagCbor from '@ipld/dag-cbor';
import { CANONICAL_RULES } from './canonicalRules.js';
import { coreError } from './coreError.js';
import { scanStrictCbor } from './scanStrictCbor.js';
import { bytesEqual } from './bytesEqual.js';

export interface DecodeStrictOptions {
  /** Largest accepted input in bytes; defaults to `CANONICAL_RULES.maxBytes.limit` (1 MiB). */
  maxBytes?: number;
}

/**
 * Decodes canonical DAG-CBOR or throws a `CBOR_*` GatosError with `data.offset`.
 * Integers outside the safe range come back as BigInt; tag 42 comes back as a `CID`.
 * @example decodeStrict(encodeCanonical({ a: 1 })) // { a: 1 }
 */
export function decodeStrict(bytes: Uint8Array, options: DecodeStrictOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? CANONICAL_RULES.maxBytes.limit;
  if (bytes.length > maxBytes) {
    throw coreError('CBOR_TOO_LARGE', `input is ${bytes.length} bytes; the limit is ${maxBytes}`, {
      data: { offset: maxBytes, length: bytes.length, maxBytes, rule: 'maxBytes' },
    });
  }
  scanStrictCbor(bytes);
  let value: unknown;
  try {
    value = dagCbor.decode(bytes);
  } catch (cause) {
    // Unreachable when the walk above is complete; kept so hostile input never escapes untyped.
    throw coreError('CBOR_MALFORMED', `DAG-CBOR decoder refused the input: ${(cause as Error).message}`, { cause });
  }
  const again = dagCbor.encode(value);
  if (!bytesEqual(again, bytes)) {
    throw coreError('CBOR_NOT_CANONICAL', 'input does not re-encode to the same bytes (not canonical DAG-CBOR)', {
      data: { offset: firstDifference(again, bytes), rule: 'reencodesIdentically' },
    });
  }
  return value;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
