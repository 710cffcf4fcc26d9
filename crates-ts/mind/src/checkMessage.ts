import { GatosError, isGatosError } from '@gatos/core';
import type { TrustGraph } from '@gatos/policy';
import { trailer } from './commitInfo.js';
import { signatureProblem } from './checkSignature.js';
import { decodeMessage, type BusMessage } from './messageEnvelope.js';
import { formatOffset } from './offset.js';
import type { LoggedMessage } from './readTopicLog.js';

export interface MessageFailure {
  readonly code: string;
  readonly reason: string;
}

/**
 * Every check on one retained message (ADR-0010 verification), as a pure function over loaded
 * material: strict decode, content hash, topic, trailers (`Message-Id`, `Topic`, `Offset`,
 * `Content-Hash`, and `Segment-Bytes` when `segmentBytes` is known), author = producer, signer
 * trusted for the producer, strict signature. Returns the message (when decodable) and all failures.
 */
export function checkMessage(entry: LoggedMessage, topic: string, trust: TrustGraph, segmentBytes?: number): { message: BusMessage | null; failures: MessageFailure[] } {
  const failures: MessageFailure[] = [];
  if (entry.problem) return { message: null, failures: [{ code: entry.problem.code, reason: entry.problem.message }] };
  if (!entry.info || !entry.body) return { message: null, failures: [{ code: 'BUS_MESSAGE_INVALID', reason: 'commit or msg.cbor unreadable' }] };
  let message: BusMessage;
  try {
    message = decodeMessage(entry.body);
  } catch (err) {
    const e = isGatosError(err) ? err : new GatosError('BUS_MESSAGE_INVALID', String(err));
    return { message: null, failures: [{ code: e.code, reason: e.message }] };
  }
  const info = entry.info;
  const expect = (key: string, wanted: string): void => {
    const got = trailer(info, key);
    if (got !== wanted) failures.push({ code: 'BUS_TRAILER_MISMATCH', reason: `${key} trailer is ${JSON.stringify(got)}; expected ${JSON.stringify(wanted)}` });
  };
  if (message.topic !== topic) failures.push({ code: 'BUS_WRONG_TOPIC', reason: `message of topic ${message.topic} in a segment of ${topic}` });
  expect('Message-Id', message.ulid);
  expect('Topic', topic);
  expect('Offset', formatOffset(entry.offset));
  expect('Content-Hash', message.content_hash);
  if (segmentBytes !== undefined) expect('Segment-Bytes', String(segmentBytes));
  if (info.data.author.name !== message.producer || info.data.committer.name !== message.producer) {
    failures.push({ code: 'BUS_PRODUCER_MISMATCH', reason: `commit by ${JSON.stringify(info.data.author.name)} but message producer ${message.producer}` });
  }
  const sig = signatureProblem(info, entry.body, message.producer, trust);
  if (sig) failures.push(sig);
  return { message, failures };
}
