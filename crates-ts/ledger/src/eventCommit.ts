import {
  encodeCommit, encodeTree, hashObject, formatMessage, formatPublicKey, formatSignature, parseActor,
  ulidTime, timestampToSeconds, type EventEnvelope, type Oid, type RawObject,
} from '@gatos/core';

/** The one file in an event commit's tree: the canonical envelope bytes. */
export const EVENT_FILE = 'event.cbor';

export interface SignedEvent {
  readonly envelope: EventEnvelope;
  /** Canonical DAG-CBOR bytes (without sig). */
  readonly bytes: Uint8Array;
  readonly cid: string;
  readonly signature: Uint8Array;
  readonly publicKey: Uint8Array;
}

/**
 * Git identity and date derived only from the event, so that appending identical content on the
 * same parent gives the identical commit id on every machine (SPEC-DIGEST §2 [R]).
 * Date = `ts` when present, else the ULID's time, in whole seconds UTC.
 */
export function eventIdent(envelope: EventEnvelope): { name: string; email: string; timestamp: number; tzOffset: string } {
  const { kind, name } = parseActor(envelope.actor);
  const timestamp = envelope.ts !== undefined ? timestampToSeconds(envelope.ts) : Math.floor(ulidTime(envelope.ulid) / 1000);
  return { name: envelope.actor, email: `${name}@${kind}.gatos`, timestamp, tzOffset: '+0000' };
}

/** Commit message: event type, blank line, the four trailers. */
export function eventMessage(event: SignedEvent): string {
  return formatMessage(event.envelope.type, [
    ['Event-CID', event.cid],
    ['Sig-Alg', 'ed25519'],
    ['Signer', formatPublicKey(event.publicKey)],
    ['Sig', formatSignature(event.signature)],
  ]);
}

/** Builds the blob, tree and commit of one journal event on `parent` (pure; nothing is written). */
export function buildEventCommit(event: SignedEvent, parent: Oid | null): { oid: Oid; objects: RawObject[] } {
  const blobOid = hashObject('blob', event.bytes);
  const treeBody = encodeTree([{ mode: '100644', name: EVENT_FILE, oid: blobOid }]);
  const ident = eventIdent(event.envelope);
  const commitBody = encodeCommit({
    tree: hashObject('tree', treeBody),
    parents: parent ? [parent] : [],
    author: ident,
    committer: ident,
    message: eventMessage(event),
  });
  return {
    oid: hashObject('commit', commitBody),
    objects: [
      { type: 'blob', body: event.bytes },
      { type: 'tree', body: treeBody },
      { type: 'commit', body: commitBody },
    ],
  };
}
