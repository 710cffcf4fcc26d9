import { cidOf } from './cid.js';
import { encodeEnvelope } from './encodeEnvelope.js';
import type { EventEnvelope } from './envelope.js';

/**
 * The Event-CID of an envelope: `cidOf(encodeEnvelope(env))`.
 * @example eventCid(env) // 'bafyr4i…'
 */
export function eventCid(env: EventEnvelope): string {
  return cidOf(encodeEnvelope(env));
}
