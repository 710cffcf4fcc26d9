import { encodeEnvelope, cidOf, type EventEnvelope, type Signer } from '@gatos/core';
import type { SignedEvent } from './eventCommit.js';

/** Canonicalises `envelope`, derives its Event-CID and signs the canonical bytes (not the CID). */
export function signEvent(envelope: EventEnvelope, signer: Signer): SignedEvent {
  const bytes = encodeEnvelope(envelope);
  return { envelope, bytes, cid: cidOf(bytes), signature: signer.sign(bytes), publicKey: signer.publicKey };
}
