/**
 * One message = one commit on its segment (ADR-0010): tree `msg.cbor`; subject `gmb.msg`; trailers
 * `Message-Id`, `Topic`, `Offset` (`<segment>:<index>`), `Segment-Bytes` (msg.cbor bytes in the
 * segment up to and including this one), `Content-Hash`, `Sig-Alg`, `Signer`, `Sig`.
 * Author = committer = the producer at the ULID's time. `Offset` and `Segment-Bytes` let a publisher
 * learn the open segment's position and size from the head commit alone, without walking it.
 */
import { ulidTime, type Oid, type RawObject } from '@gatos/core';
import { MESSAGE_SUBJECT, buildBusCommit, signatureTrailers } from './busCommit.js';
import type { BusMessage } from './messageEnvelope.js';
import { formatOffset, type Offset } from './offset.js';

export const MESSAGE_FILE = 'msg.cbor';

export interface SignedMessage {
  readonly message: BusMessage;
  /** Canonical bytes of `message`. */
  readonly bytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Builds the blob, tree and commit of a message at `offset` on `parent` (pure). */
export function buildMessageCommit(signed: SignedMessage, parent: Oid | null, offset: Offset, segmentBytes: number): { oid: Oid; objects: RawObject[] } {
  return buildBusCommit({
    files: new Map([[MESSAGE_FILE, signed.bytes]]),
    parent,
    subject: MESSAGE_SUBJECT,
    trailers: [
      ['Message-Id', signed.message.ulid],
      ['Topic', signed.message.topic],
      ['Offset', formatOffset(offset)],
      ['Segment-Bytes', String(segmentBytes)],
      ['Content-Hash', signed.message.content_hash],
      ...signatureTrailers(signed.publicKey, signed.signature),
    ],
    actor: signed.message.producer,
    timeMs: ulidTime(signed.message.ulid),
  });
}
