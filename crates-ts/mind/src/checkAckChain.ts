import { GatosError, isGatosError, type ObjectStore, type Oid } from '@gatos/core';
import type { TrustGraph } from '@gatos/policy';
import { ACK_FILE, decodeAck } from './ackRecord.js';
import { ACK_SUBJECT } from './busCommit.js';
import { signatureProblem } from './checkSignature.js';
import { commitInfo } from './commitInfo.js';
import { readBlobs } from './readBlobs.js';

export interface AckChainFailure {
  readonly commit: Oid;
  readonly code: string;
  readonly reason: string;
}

/**
 * Checks a consumer's ack chain: linear, every commit a `gmb.ack` whose `ack.cbor` decodes strictly,
 * names this topic and consumer, carries strictly increasing ULIDs, and is signed by its actor's
 * trusted key. With `since`, only the commits after it are checked (the push gate checks what a push
 * adds). Returns the number of ack commits checked and every failure.
 */
export async function checkAckChain(
  objects: ObjectStore,
  tip: Oid,
  topic: string,
  consumer: string,
  trust: TrustGraph,
  options: { since?: Oid | null } = {},
): Promise<{ commits: number; failures: AckChainFailure[] }> {
  const since = options.since ?? null;
  const chain = await objects.walk(tip, since ? [since] : []);
  const raws = await objects.readMany(chain.map((c) => c.oid));
  const bodies = await readBlobs(objects, chain.map((c) => `${c.oid}:${ACK_FILE}`));
  const failures: AckChainFailure[] = [];
  let previous: string | null = since ? await previousUlid(objects, since) : null;
  chain.forEach((c, i) => {
    const fail = (code: string, reason: string): void => void failures.push({ commit: c.oid, code, reason });
    const expectedParents = i === 0 ? since ?? '' : chain[i - 1]!.oid;
    if (c.parents.join(' ') !== expectedParents) fail('BUS_ACK_INVALID', `parents [${c.parents.join(', ')}]; an ack chain is linear`);
    const info = commitInfo(c.oid, raws[i]!);
    const body = bodies[i]!;
    if (info instanceof GatosError) return fail(info.code, info.message);
    if (body instanceof GatosError) return fail('BUS_ACK_INVALID', `no ${ACK_FILE}`);
    if (info.subject !== ACK_SUBJECT) fail('BUS_ACK_INVALID', `subject is not ${ACK_SUBJECT}`);
    let record;
    try {
      record = decodeAck(body);
    } catch (err) {
      return fail(isGatosError(err) ? err.code : 'BUS_ACK_INVALID', (err as Error).message);
    }
    if (record.topic !== topic || record.consumer !== consumer) fail('BUS_ACK_INVALID', `record for ${record.topic}/${record.consumer} on the ref of ${topic}/${consumer}`);
    if (previous !== null && record.ulid <= previous) fail('BUS_ACK_INVALID', `ULID ${record.ulid} does not increase along the chain`);
    previous = record.ulid;
    if (info.data.author.name !== record.actor) fail('BUS_PRODUCER_MISMATCH', `commit by ${JSON.stringify(info.data.author.name)} but record actor ${record.actor}`);
    const sig = signatureProblem(info, body, record.actor, trust);
    if (sig) fail(sig.code, sig.reason);
  });
  return { commits: chain.length, failures };
}

/** The ULID of the ack record at `commit`, or null when it is unreadable (the commits after it are still checked). */
async function previousUlid(objects: ObjectStore, commit: Oid): Promise<string | null> {
  const [body] = await readBlobs(objects, [`${commit}:${ACK_FILE}`]);
  if (!(body instanceof Uint8Array)) return null;
  try {
    return decodeAck(body).ulid;
  } catch (err) {
    if (isGatosError(err)) return null;
    throw err;
  }
}
