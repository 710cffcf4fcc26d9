import { decodeStrict, type DecodeStrictOptions } from './decodeStrict.js';
import type { EventEnvelope } from './envelope.js';
import { validateEnvelope } from './validateEnvelope.js';

/**
 * Decodes untrusted `event.cbor` bytes: strict canonical DAG-CBOR (`CBOR_*` codes with
 * `data.offset`), then the envelope schema (`ENVELOPE_*`, identifier codes with `data.field`).
 * A returned envelope re-encodes to exactly `bytes`.
 * @example const env = decodeEnvelope(await readBlob(oid));
 */
export function decodeEnvelope(bytes: Uint8Array, options: DecodeStrictOptions = {}): EventEnvelope {
  return validateEnvelope(decodeStrict(bytes, options), 'decode');
}
