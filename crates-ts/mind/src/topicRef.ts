/**
 * Ref layout of the bus (SPEC-DIGEST §1, §6; ADR-0010):
 * - `refs/gatos/mbus/<topic>/<yyyy>/<mm>/<dd>/<segment-ulid>`: one segment, a linear chain of messages
 *   (or, once pruned, its summary commit); the date is the segment ULID's UTC day.
 * - `refs/gatos/mbus/<topic>/head`: the tip of the newest segment; every publish moves it, which
 *   serialises publishers of a topic. `head` never collides with a four-digit year.
 * - `refs/gatos/mbus-ack/<topic>/<consumer>`: a consumer's ack chain.
 * - `refs/gatos/mbus-commit/<topic>`: the topic's chain of `gmb.commit` records (ack quorums).
 */
import { assertUlid, ulidTime } from '@gatos/core';
import { busError } from './errors.js';

export const MBUS_PREFIX = 'refs/gatos/mbus/';
const HEAD_REF = /^refs\/gatos\/mbus\/([^/]+)\/head$/;
export const MBUS_ACK_PREFIX = 'refs/gatos/mbus-ack/';
export const MBUS_COMMIT_PREFIX = 'refs/gatos/mbus-commit/';

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const MAX_NAME = 128;
const SEGMENT_REF = /^refs\/gatos\/mbus\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/([0-9A-HJKMNP-TV-Z]{26})$/;

/** Why `name` cannot be a topic or consumer name, or null when it can. */
function nameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || !NAME.test(name)) return 'must match ^[a-z0-9][a-z0-9._-]*$';
  if (name.length > MAX_NAME) return `is longer than ${MAX_NAME} characters`;
  // Git refuses these in ref components even though the pattern above allows them.
  if (name.includes('..')) return 'contains ".."';
  if (name.endsWith('.lock')) return 'ends with ".lock"';
  if (name.endsWith('.')) return 'ends with "."';
  return null;
}

/**
 * Throws `BUS_BAD_TOPIC` unless `topic` is a dotted topic name such as `gatos.jobs.pending`.
 * @example assertTopic('gatos.jobs.pending') // ok; assertTopic('gatos/jobs') throws
 */
export function assertTopic(topic: string): void {
  const problem = nameProblem(topic);
  if (problem !== null) {
    throw busError('BUS_BAD_TOPIC', `topic ${JSON.stringify(String(topic).slice(0, 140))} ${problem} (dotted, e.g. gatos.jobs.pending)`, {
      data: { topic: String(topic).slice(0, 140) },
    });
  }
}

/**
 * Throws `BUS_BAD_CONSUMER` unless `consumer` is a consumer (group) name such as `billing-worker`.
 * @example assertConsumer('billing-worker') // ok
 */
export function assertConsumer(consumer: string): void {
  const problem = nameProblem(consumer);
  if (problem !== null) {
    throw busError('BUS_BAD_CONSUMER', `consumer ${JSON.stringify(String(consumer).slice(0, 140))} ${problem} (e.g. billing-worker)`, {
      data: { consumer: String(consumer).slice(0, 140) },
    });
  }
}

/** `refs/gatos/mbus/<topic>/`: every segment ref and the head ref of a topic live under it. */
export function topicPrefix(topic: string): string {
  assertTopic(topic);
  return `${MBUS_PREFIX}${topic}/`;
}

/** `refs/gatos/mbus/<topic>/head`. */
export function headRef(topic: string): string {
  return `${topicPrefix(topic)}head`;
}

/**
 * `refs/gatos/mbus/<topic>/<yyyy>/<mm>/<dd>/<segment-ulid>`, dated by the segment ULID (UTC).
 * @example segmentRef('gatos.jobs.pending', '01JD0000000000000000000000') // '…/2024/11/…/01JD…'
 */
export function segmentRef(topic: string, segment: string): string {
  assertUlid(segment);
  const day = new Date(ulidTime(segment)).toISOString().slice(0, 10).replace(/-/g, '/');
  return `${topicPrefix(topic)}${day}/${segment}`;
}

/** The topic and segment ULID of a segment ref, or null when `ref` is not one (or its date disagrees with its ULID). */
export function parseSegmentRef(ref: string): { topic: string; segment: string } | null {
  const m = SEGMENT_REF.exec(ref);
  if (m === null || nameProblem(m[1]) !== null) return null;
  const segment = m[5]!;
  try {
    if (segmentRef(m[1]!, segment) !== ref) return null;
  } catch {
    return null;
  }
  return { topic: m[1]!, segment };
}

/** The topic of a head ref `refs/gatos/mbus/<topic>/head`, or null when `ref` is not one. */
export function parseHeadRef(ref: string): string | null {
  const m = HEAD_REF.exec(ref);
  return m === null || nameProblem(m[1]) !== null ? null : m[1]!;
}

/**
 * Bus refs that may stop fast-forwarding: a segment (a prune replaces its chain by a root summary)
 * and a topic head (it follows the newest segment, which after a rotation or a prune is a root commit).
 */
export function isRewritableBusRef(ref: string): boolean {
  return parseSegmentRef(ref) !== null || parseHeadRef(ref) !== null;
}

/** `refs/gatos/mbus-ack/<topic>/`. */
export function ackPrefix(topic: string): string {
  assertTopic(topic);
  return `${MBUS_ACK_PREFIX}${topic}/`;
}

/** `refs/gatos/mbus-ack/<topic>/<consumer>`. */
export function ackRef(topic: string, consumer: string): string {
  assertConsumer(consumer);
  return `${ackPrefix(topic)}${consumer}`;
}

/** `refs/gatos/mbus-commit/<topic>`: one ref per topic (nothing lives below it). */
export function commitmentRef(topic: string): string {
  assertTopic(topic);
  return `${MBUS_COMMIT_PREFIX}${topic}`;
}
