import { ulidTime, type Oid, type RawObject, type Signer } from '@gatos/core';
import { COMMITMENT_SUBJECT, buildBusCommit, signTrailers } from './busCommit.js';
import { COMMITMENT_FILE, encodeCommitment, type CommitmentRecord } from './commitmentRecord.js';

/** `2-of-3`: the `Quorum` trailer of a commitment. */
export function quorumText(record: Pick<CommitmentRecord, 'quorum' | 'consumers'>): string {
  return `${record.quorum}-of-${record.consumers.length}`;
}

/**
 * Builds (does not write) the `gmb.commit` commit of `record` on `parent` (pure): `commitment.cbor`
 * signed by `signer` (whose actor must be `record.actor`), trailers `Topic`, `Through`, `Quorum` and the
 * signature, dated by the record's ULID. Vectors: spec/vectors/bus/commitment.json.
 */
export function buildCommitmentCommit(record: CommitmentRecord, parent: Oid | null, signer: Signer): { oid: Oid; objects: RawObject[] } {
  const bytes = encodeCommitment(record);
  return buildBusCommit({
    files: new Map([[COMMITMENT_FILE, bytes]]),
    parent,
    subject: COMMITMENT_SUBJECT,
    trailers: [['Topic', record.topic], ['Through', record.through], ['Quorum', quorumText(record)], ...signTrailers(signer, bytes)],
    actor: record.actor,
    timeMs: ulidTime(record.ulid),
  });
}
