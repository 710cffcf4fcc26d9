import { encodeCanonical } from './encodeCanonical.js';
import type { EventEnvelope } from './envelope.js';
import { validateEnvelope } from './validateEnvelope.js';

/**
 * The canonical bytes of an event (SPEC-DIGEST §2): DAG-CBOR of the present fields, no `sig`.
 * These bytes are stored as `event.cbor`, hashed into the Event-CID and signed.
 * Throws `ENVELOPE_*`, identifier codes (`BAD_ACTOR`, …) with `data.field`, or `CBOR_*` for payload values.
 * @example const bytes = encodeEnvelope({ type: 'demo.hello', ulid, actor: 'user:alice', payload: {}, policy_root });
 */
export function encodeEnvelope(env: EventEnvelope): Uint8Array {
  return encodeCanonical(validateEnvelope(env, 'encode'));
}
