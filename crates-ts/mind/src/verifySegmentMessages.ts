import { GatosError, type ObjectStore } from '@gatos/core';
import type { TrustGraph } from '@gatos/policy';
import { checkMessage } from './checkMessage.js';
import { busError } from './errors.js';
import { MESSAGE_FILE } from './messageCommit.js';
import { formatOffset } from './offset.js';
import { readBlobs } from './readBlobs.js';
import type { LoggedMessage } from './readTopicLog.js';

/**
 * Verifies every message of one segment in full (`checkMessage`, cumulative `Segment-Bytes` included)
 * and returns their ULIDs and content hashes in offset order. Throws `BUS_PRUNE_UNVERIFIED` naming the
 * first bad message: a summary must never vouch for a message that does not verify.
 */
export async function verifySegmentMessages(
  objects: ObjectStore,
  topic: string,
  ref: string,
  messages: readonly LoggedMessage[],
  trust: TrustGraph,
): Promise<Array<{ ulid: string; contentHash: string }>> {
  const bodies = messages.every((m) => m.body !== null) ? messages.map((m) => m.body!) : await readBlobs(objects, messages.map((m) => `${m.commit}:${MESSAGE_FILE}`));
  let segmentBytes = 0;
  return messages.map((m, i) => {
    const body = bodies[i]!;
    const entry = { ...m, body: body instanceof GatosError ? null : body, problem: m.problem ?? (body instanceof GatosError ? body : null) };
    segmentBytes += entry.body?.length ?? 0;
    const { message, failures } = checkMessage(entry, topic, trust, segmentBytes);
    if (!message || failures.length > 0) {
      throw busError('BUS_PRUNE_UNVERIFIED', `message at ${formatOffset(m.offset)} (${m.commit}) fails verification: ${failures[0]?.reason ?? 'unreadable'}`, {
        data: { ref, commit: m.commit, offset: formatOffset(m.offset) },
      });
    }
    return { ulid: message.ulid, contentHash: message.content_hash };
  });
}
