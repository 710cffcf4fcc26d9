import {
  GatosError, assertUlid, encodeCanonical, isGatosError, newUlid, retryWithJitter, ulidTime,
  type CborValue, type Clock, type ObjectStore, type Oid, type RawObject, type RefStore, type RefUpdate, type Signer,
} from '@gatos/core';
import { assertTrustedSigner, loadActiveTrust } from './activeTrust.js';
import { busError } from './errors.js';
import { listSegments } from './listSegments.js';
import { buildMessageCommit } from './messageCommit.js';
import { DEFAULT_MAX_MESSAGE_BYTES, encodeMessage, makeMessage, type BusMessage } from './messageEnvelope.js';
import { formatOffset } from './offset.js';
import { readHead, type HeadState } from './readHead.js';
import { segmentRef, assertTopic } from './topicRef.js';
import { topicUlids, type KnownUlid } from './topicUlids.js';

export interface PublishInput {
  readonly payload: { readonly [key: string]: CborValue };
  /** Idempotency key; a fresh ULID when absent. */
  readonly ulid?: string;
}

export interface PublishedMessage {
  readonly ulid: string;
  readonly offset: string;
  /** The message commit (or, for an already-pruned duplicate, its summary commit). */
  readonly commit: Oid;
  readonly contentHash: string;
  /** True when this (topic, ulid) was already published with the same content: nothing was written. */
  readonly existed: boolean;
}

export interface PublishOptions {
  readonly clock: Clock;
  /** Rotate to a new segment once the open one holds this many messages (default 100,000). */
  readonly maxSegmentMessages?: number;
  /** Rotate before a message would take the open segment's `msg.cbor` bytes past this (default 192 MiB). */
  readonly maxSegmentBytes?: number;
  /** Largest encoded message (default 1 MiB). */
  readonly maxMessageBytes?: number;
  /** How far an explicit ULID's time may lie in the future (default 5 minutes). */
  readonly maxFutureSkewMs?: number;
  /** Compare-and-swap attempts (default 5). */
  readonly maxAttempts?: number;
}

export const DEFAULT_SEGMENT_MESSAGES = 100_000;
export const DEFAULT_SEGMENT_BYTES = 192 * 1024 * 1024;

/** Below this many messages signing on this thread beats a hand-off to worker threads. */
const PARALLEL_SIGN_MIN = 512;

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Publishes messages to `topic`, all or nothing (ADR-0010). Messages append to the open segment,
 * rotating to a new segment at the UTC day boundary or at the count/byte thresholds. Objects are
 * written first; then one ref transaction moves the head and every touched segment with
 * compare-and-swap, so concurrent publishers serialise on the head (jittered retry, then `BUS_CONTENDED`).
 * A ULID already in the topic with the same producer and content is a no-op (`existed`); with other
 * content it is `BUS_ULID_CONFLICT`. The signer's key must be trusted by the active policy.
 *
 * @example
 * const [m] = await publishMessages(repo, 'gatos.jobs.pending', signer, [{ payload: { job: 'j1' } }], { clock: systemClock });
 */
export async function publishMessages(
  store: { objects: ObjectStore; refs: RefStore },
  topic: string,
  signer: Signer,
  inputs: readonly PublishInput[],
  options: PublishOptions,
): Promise<PublishedMessage[]> {
  assertTopic(topic);
  const maxCount = positive(options.maxSegmentMessages ?? DEFAULT_SEGMENT_MESSAGES, 'maxSegmentMessages');
  const maxBytes = positive(options.maxSegmentBytes ?? DEFAULT_SEGMENT_BYTES, 'maxSegmentBytes');
  const maxMessage = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const latest = options.clock.now() + (options.maxFutureSkewMs ?? 5 * 60_000);
  // Validate and encode every message before touching the repository (explicit ULIDs keep their bytes across retries).
  const prepared = inputs.map((input, index) => prepare(topic, signer.actor, input, index, latest, maxMessage));
  if (prepared.length === 0) return [];
  const { policyRoot, trust } = await loadActiveTrust(store);
  assertTrustedSigner(trust, signer, policyRoot);
  const explicit = prepared.some((p) => p.message !== null);

  return retryWithJitter(options.maxAttempts ?? 5, async () => {
    const head = await readHead(store, topic);
    if (head.oid === null) await assertNoSegments(store.refs, topic, head.ref);
    const known = explicit ? await topicUlids(store, topic) : new Map<string, KnownUlid>();
    const now = options.clock.now();
    const plan = new SegmentPlan(head, now, maxCount, maxBytes);
    // A result is a written message (index into `fresh`), an earlier copy in this batch, or a prior message.
    const results: Array<PublishedMessage | number | { dupOf: number }> = [];
    const fresh: Array<{ message: BusMessage; bytes: Uint8Array }> = [];
    const inBatch = new Map<string, number>();
    let lastUlid = head.lastUlid;
    for (const [index, p] of prepared.entries()) {
      if (p.message) {
        const prior = known.get(p.message.ulid);
        if (prior) {
          results.push(sameMessage(topic, p.message, prior, index));
          continue;
        }
        const earlier = inBatch.get(p.message.ulid);
        if (earlier !== undefined) {
          sameMessage(topic, p.message, { offset: formatOffset(plan.slots[earlier]!.offset), commit: '', contentHash: fresh[earlier]!.message.content_hash, producer: signer.actor }, index);
          results.push({ dupOf: earlier });
          continue;
        }
      }
      const message = p.message ?? makeMessage(topic, newUlid(now, lastUlid ?? undefined), signer.actor, p.payload);
      const bytes = p.bytes ?? encodeMessage(message);
      if (bytes.length > maxMessage) throw tooLarge(index, bytes.length, maxMessage);
      if (lastUlid === null || message.ulid > lastUlid) lastUlid = message.ulid;
      inBatch.set(message.ulid, fresh.length);
      results.push(fresh.length);
      fresh.push({ message, bytes });
      plan.slots.push(plan.place(bytes.length));
    }
    if (fresh.length === 0) return results as PublishedMessage[]; // every message already existed
    const signatures = fresh.length >= PARALLEL_SIGN_MIN && signer.signMany ? await signer.signMany(fresh.map((f) => f.bytes)) : fresh.map((f) => signer.sign(f.bytes));
    const objects: RawObject[] = [];
    const commits: Oid[] = [];
    const tips = new Map<string, Oid>();
    fresh.forEach((f, i) => {
      const slot = plan.slots[i]!;
      const parent = slot.offset.index === 0 ? null : tips.get(slot.offset.segment) ?? head.oid;
      const built = buildMessageCommit({ message: f.message, bytes: f.bytes, signature: signatures[i]!, publicKey: signer.publicKey }, parent, slot.offset, slot.segmentBytes);
      objects.push(...built.objects);
      commits.push(built.oid);
      tips.set(slot.offset.segment, built.oid);
    });
    await store.objects.write(objects);
    const updates: RefUpdate[] = [{ ref: head.ref, expected: head.oid, next: commits[commits.length - 1]! }];
    for (const [segment, tip] of tips) {
      const ref = segmentRef(topic, segment);
      updates.push({ ref, expected: segment === head.segment && head.open ? head.oid : null, next: tip });
    }
    await store.refs.compareAndSwapMany(updates);
    const written = (i: number, existed: boolean): PublishedMessage => ({
      ulid: fresh[i]!.message.ulid, offset: formatOffset(plan.slots[i]!.offset), commit: commits[i]!, contentHash: fresh[i]!.message.content_hash, existed,
    });
    return results.map((r) => (typeof r === 'number' ? written(r, false) : 'dupOf' in r ? written(r.dupOf, true) : r));
  }).catch((err: unknown) => {
    if (isGatosError(err, 'REF_CAS_MISMATCH')) {
      throw busError('BUS_CONTENDED', `could not publish to ${topic}: its head kept moving under concurrent publishers; nothing was written, retry`, { data: { topic }, cause: err });
    }
    throw err;
  });
}

/** Assigns offsets: appends to the open segment, or opens a new one (rotation). */
class SegmentPlan {
  readonly slots: Array<{ offset: { segment: string; index: number }; segmentBytes: number }> = [];
  private segment: string | null;
  private count: number;
  private bytes: number;
  private open: boolean;

  constructor(head: HeadState, private readonly now: number, private readonly maxCount: number, private readonly maxBytes: number) {
    this.segment = head.segment;
    this.count = head.count;
    this.bytes = head.bytes;
    // A segment covers one UTC day of publishing: a new day starts a new segment.
    this.open = head.open && head.segment !== null && utcDay(ulidTime(head.segment)) === utcDay(now);
  }

  place(size: number): { offset: { segment: string; index: number }; segmentBytes: number } {
    const full = this.count >= this.maxCount || (this.count > 0 && this.bytes + size > this.maxBytes);
    if (!this.open || full) {
      // Segment ULIDs strictly increase, so segment order is creation order even if the clock steps back.
      this.segment = newUlid(this.now, this.segment ?? undefined);
      this.count = 0;
      this.bytes = 0;
      this.open = true;
    }
    this.bytes += size;
    return { offset: { segment: this.segment!, index: this.count++ }, segmentBytes: this.bytes };
  }
}

function prepare(topic: string, producer: string, input: PublishInput, index: number, latestMs: number, maxMessage: number): { payload: PublishInput['payload']; message: BusMessage | null; bytes: Uint8Array | null } {
  try {
    if (input.ulid === undefined) {
      assertPayload(input.payload, index);
      return { payload: input.payload, message: null, bytes: null };
    }
    assertUlid(input.ulid);
    if (ulidTime(input.ulid) > latestMs) {
      throw busError('BUS_FUTURE_MESSAGE', `ULID ${input.ulid} lies more than the allowed skew in the future (${new Date(ulidTime(input.ulid)).toISOString()})`, { data: { ulid: input.ulid } });
    }
    const message = makeMessage(topic, input.ulid, producer, input.payload);
    const bytes = encodeMessage(message);
    if (bytes.length > maxMessage) throw tooLarge(index, bytes.length, maxMessage);
    return { payload: input.payload, message, bytes };
  } catch (err) {
    // Say which message of a batch was wrong, keeping the original code.
    if (!(err instanceof GatosError) || err.message.startsWith('message ')) throw err;
    throw new GatosError(err.code, `message ${index}: ${err.message}`, { data: { ...err.data, index }, cause: err, exitClass: err.exitClass });
  }
}

/** Fails early, before any repository read, on a payload that cannot be a message (not an object, not encodable). */
function assertPayload(payload: PublishInput['payload'], index: number): void {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || payload instanceof Uint8Array) {
    throw busError('BUS_BAD_PAYLOAD', `message ${index}: payload must be a JSON object`, { data: { index } });
  }
  encodeCanonical(payload);
}

/** A republished ULID: the same producer and content is a no-op; anything else is a conflict. */
function sameMessage(topic: string, message: BusMessage, prior: KnownUlid, index: number): PublishedMessage {
  if (prior.contentHash !== message.content_hash || (prior.producer !== null && prior.producer !== message.producer)) {
    throw busError('BUS_ULID_CONFLICT', `message ${index}: ULID ${message.ulid} is already in topic ${topic} at ${prior.offset} with different content or producer`, {
      data: { topic, ulid: message.ulid, offset: prior.offset, index },
    });
  }
  return { ulid: message.ulid, offset: prior.offset, commit: prior.commit, contentHash: message.content_hash, existed: true };
}

function tooLarge(index: number, bytes: number, cap: number): GatosError {
  return busError('BUS_MESSAGE_TOO_LARGE', `message ${index}: ${bytes} bytes encoded, over the ${cap}-byte cap per message (put large content in a blob and publish its pointer)`, {
    data: { index, bytes, cap },
  });
}

function positive(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 1) throw busError('BUS_BAD_OPTION', `${what} must be a positive integer, not ${n}`, { data: { option: what } });
  return n;
}

async function assertNoSegments(refs: RefStore, topic: string, head: string): Promise<void> {
  const { segments } = await listSegments(refs, topic);
  if (segments.length === 0) return;
  const now = await refs.read(head);
  // Another publisher created the topic since the head was read: retry like any lost compare-and-swap.
  if (now !== null) throw new GatosError('REF_CAS_MISMATCH', `${head} moved while publishing`, { data: { ref: head, expected: null, actual: now } });
  throw busError('BUS_HEAD_INVALID', `${head} is missing but topic ${topic} has ${segments.length} segment(s) (run \`git gatos bus verify ${topic}\`)`, { data: { ref: head } });
}
