/**
 * The `gmb.commit` record (SPEC-DIGEST §6 vocabulary, F5; ADR-0010 "Commitments"): `commitment.cbor`
 * in each commit of `refs/gatos/mbus-commit/<topic>`, signed by the committing actor:
 * `{topic, through, quorum, consumers, acks, actor, ulid}`.
 * - `through`: every message of the topic up to this offset is acknowledged by at least `quorum` of
 *   `consumers` (sorted, distinct names);
 * - `acks`: the evidence, one entry per consumer relied on, sorted by consumer:
 *   `{consumer, commit, low_water}` = an ack commit on that consumer's chain whose low-water mark is at
 *   or past `through`.
 */
import { GatosError, assertUlid, encodeCanonical, isGatosError, parseActor } from '@gatos/core';
import { decodeClosedMap } from './decodeClosedMap.js';
import { busError } from './errors.js';
import { parseOffset } from './offset.js';
import { assertConsumer, assertTopic } from './topicRef.js';

export const COMMITMENT_FILE = 'commitment.cbor';

export interface CommitmentAck {
  readonly consumer: string;
  /** The ack commit relied on (bare hex). */
  readonly commit: string;
  /** Its low-water mark, as the ack record states it. */
  readonly low_water: string;
}

export interface CommitmentRecord {
  readonly topic: string;
  readonly through: string;
  readonly quorum: number;
  readonly consumers: readonly string[];
  readonly acks: readonly CommitmentAck[];
  readonly actor: string;
  readonly ulid: string;
}

const FIELDS = ['acks', 'actor', 'quorum', 'topic', 'ulid', 'through', 'consumers'].sort();
const ACK_FIELDS = ['commit', 'consumer', 'low_water'];
const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** A commitment names at most this many consumers (far beyond any real quorum; bounds the gate's work). */
export const MAX_COMMITMENT_CONSUMERS = 256;

export function encodeCommitment(record: CommitmentRecord): Uint8Array {
  return encodeCanonical({ ...record, consumers: [...record.consumers], acks: record.acks.map((a) => ({ ...a })) });
}

const sortedDistinct = (xs: readonly string[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1]! < x);

/** Strictly decodes `commitment.cbor`; throws `BUS_COMMIT_INVALID` naming the problem. */
export function decodeCommitment(bytes: Uint8Array): CommitmentRecord {
  const bad = (why: string): GatosError => busError('BUS_COMMIT_INVALID', `${COMMITMENT_FILE} ${why}`);
  const r = decodeClosedMap(bytes, FIELDS, bad);
  for (const k of ['topic', 'through', 'actor', 'ulid'] as const) if (typeof r[k] !== 'string') throw bad(`field ${k} is not a string`);
  const { consumers, acks, quorum } = r;
  if (!Array.isArray(consumers) || consumers.length === 0 || consumers.length > MAX_COMMITMENT_CONSUMERS || !consumers.every((c) => typeof c === 'string')) {
    throw bad(`consumers must be 1..${MAX_COMMITMENT_CONSUMERS} names`);
  }
  if (!sortedDistinct(consumers as string[])) throw bad('consumers must be sorted and distinct');
  if (typeof quorum !== 'number' || !Number.isSafeInteger(quorum) || quorum < 1 || quorum > consumers.length) throw bad(`quorum must be an integer in 1..${consumers.length} (the number of consumers)`);
  if (!Array.isArray(acks) || acks.length > consumers.length) throw bad('acks must be an array with at most one entry per consumer');
  for (const a of acks as unknown[]) {
    if (typeof a !== 'object' || a === null || Array.isArray(a) || Object.keys(a).sort().join(',') !== ACK_FIELDS.join(',')) throw bad(`each ack must be {${ACK_FIELDS.join(', ')}}`);
    const ack = a as Record<string, unknown>;
    if (typeof ack.consumer !== 'string' || typeof ack.commit !== 'string' || typeof ack.low_water !== 'string') throw bad('ack fields must be strings');
    if (!OID.test(ack.commit)) throw bad(`ack commit ${JSON.stringify(ack.commit.slice(0, 80))} is not a lowercase hex object id`);
    if (!(consumers as string[]).includes(ack.consumer)) throw bad(`ack of ${JSON.stringify(ack.consumer.slice(0, 80))}, who is not among the consumers`);
  }
  const record = r as unknown as CommitmentRecord;
  if (!sortedDistinct(record.acks.map((a) => a.consumer))) throw bad('acks must be sorted by consumer, one per consumer');
  try {
    assertTopic(record.topic);
    record.consumers.forEach((c) => assertConsumer(c));
    parseOffset(record.through);
    record.acks.forEach((a) => parseOffset(a.low_water));
    parseActor(record.actor);
    assertUlid(record.ulid);
  } catch (err) {
    throw bad(isGatosError(err) ? err.message : String(err));
  }
  return record;
}
