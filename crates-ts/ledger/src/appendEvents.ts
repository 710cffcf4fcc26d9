import {
  GatosError, retryWithJitter, newUlid, assertUlid, ulidTime, assertEventType, assertTimestamp, timestampToSeconds,
  formatPublicKey, encodeEnvelope, cidOf, decodeEnvelope,
  type CborValue, type Clock, type EventEnvelope, type ObjectStore, type Oid, type RawObject, type RefStore, type Signer,
} from '@gatos/core';
import { ACTIVE_POLICY_REF, loadBundle, isActorKey } from '@gatos/policy';
import { journalRef } from './journalRef.js';
import { buildEventCommit, EVENT_FILE } from './eventCommit.js';
import { eventAt } from './tipEvent.js';

export interface EventInput {
  readonly type: string;
  readonly payload: { readonly [key: string]: CborValue };
  /** Idempotency key; a fresh ULID after the journal tip when absent. */
  readonly ulid?: string;
  readonly ts?: string;
  readonly caps?: readonly string[];
}

export interface AppendedEvent {
  readonly cid: string;
  readonly commit: Oid;
  readonly ulid: string;
  /** True when an identical event with this ULID was already in the journal (nothing was written). */
  readonly existed: boolean;
}

export interface AppendOptions {
  readonly clock: Clock;
  /** How far an event's ULID time may lie in the future (default 5 minutes). */
  readonly maxFutureSkewMs?: number;
  /** Compare-and-swap attempts before giving up (default 5, SPEC-DIGEST §2). */
  readonly maxAttempts?: number;
  /** Largest canonical event accepted, in bytes (default 1 MiB, the strict decoder's cap). */
  readonly maxEventBytes?: number;
  /** Called before each retry after a lost compare-and-swap (for progress and tests). */
  readonly onRetry?: (attempt: number) => void;
}

export const DEFAULT_FUTURE_SKEW_MS = 5 * 60 * 1000;
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

/** Events signed per hand-off to the signer: big enough to amortise a thread round trip. */
const SIGN_CHUNK = 2048;

/**
 * Share of a large batch this thread signs itself (the rest goes to `signMany`): planning and
 * chaining already keep it busy about 40% as long as signing everything would (measured, 2 cores).
 */
const CALLER_SIGN_SHARE = 0.15;

/**
 * Appends events to the actor's journal in namespace `ns`, all or nothing: every new commit is built
 * and written, then one compare-and-swap moves `refs/gatos/journal/<ns>/<kind>/<name>`.
 * A lost race (another process appended first) rebuilds the chain on the new tip, with jittered retry.
 * Re-appending an event whose ULID is already in the journal is a no-op reporting the existing CID;
 * the same ULID with different content is `LEDGER_ULID_CONFLICT`.
 * Each event binds `policy_root` = the active policy bundle, whose trust graph must hold the signer's key.
 */
export async function appendEvents(
  store: { objects: ObjectStore; refs: RefStore },
  ns: string,
  signer: Signer,
  inputs: readonly EventInput[],
  options: AppendOptions,
): Promise<AppendedEvent[]> {
  const ref = journalRef(ns, signer.actor);
  if (inputs.length === 0) return [];
  const skew = options.maxFutureSkewMs ?? DEFAULT_FUTURE_SKEW_MS;
  inputs.forEach((input, index) => checkInput(input, index, options.clock.now() + skew));
  const policyRoot = await activePolicyFor(store, signer);

  return retryWithJitter(options.maxAttempts ?? 5, async (attempt) => {
    if (attempt > 1) options.onRetry?.(attempt);
    const tip = await store.refs.read(ref);
    const tipUlid = tip ? (await eventAt(store.objects, tip)).ulid : null;
    const known = await existingByUlid(store.objects, tip, tipUlid, inputs);
    // 1. Plan: ULIDs and canonical bytes for new events; idempotency checks for known ULIDs.
    // With a parallel signer, each full chunk goes to the signer as soon as it is planned.
    const results: Array<AppendedEvent | { pending: number }> = [];
    const fresh: Array<{ envelope: EventEnvelope; bytes: Uint8Array; cid: string }> = [];
    const signing: Array<Promise<Uint8Array[]>> = [];
    const offload = signer.signMany ? Math.ceil((inputs.length * (1 - CALLER_SIGN_SHARE)) / SIGN_CHUNK) : 0;
    const dispatch = (): void => {
      const chunk = fresh.slice(signing.length * SIGN_CHUNK, (signing.length + 1) * SIGN_CHUNK).map((f) => f.bytes);
      const p = signer.signMany!(chunk);
      p.catch(() => undefined); // observed when awaited below; a planning error may abandon it first
      signing.push(p);
    };
    let last = tipUlid;
    for (const [index, input] of inputs.entries()) {
      const envelopeFor = (ulid: string, root: string): EventEnvelope => ({
        type: input.type,
        ulid,
        actor: signer.actor,
        payload: input.payload,
        policy_root: root,
        ...(input.caps ? { caps: [...input.caps] } : {}),
        ...(input.ts ? { ts: input.ts } : {}),
      });
      if (input.ulid !== undefined && last !== null && input.ulid <= last) {
        const prior = known.get(input.ulid);
        if (!prior) {
          throw new GatosError('LEDGER_ULID_NOT_INCREASING', `event ${index}: ULID ${input.ulid} is not after the journal's latest ULID ${last} (${ref})`, {
            data: { ref, ulid: input.ulid, latest: last, index }, exitClass: 'usage',
          });
        }
        // Same intent = same envelope apart from the policy it was bound to at the time.
        const again = encodeEnvelope(envelopeFor(input.ulid, prior.envelope.policy_root));
        if (cidOf(again) !== prior.cid) {
          throw new GatosError('LEDGER_ULID_CONFLICT', `event ${index}: ULID ${input.ulid} is already in ${ref} with different content (${prior.cid})`, {
            data: { ref, ulid: input.ulid, existing: prior.cid, commit: prior.commit, index }, exitClass: 'usage',
          });
        }
        results.push({ cid: prior.cid, commit: prior.commit, ulid: input.ulid, existed: true });
        continue;
      }
      const ulid = input.ulid ?? newUlid(options.clock.now(), last ?? undefined);
      const envelope = envelopeFor(ulid, policyRoot);
      const bytes = encodeEnvelope(envelope);
      const cap = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
      if (bytes.length > cap) {
        throw new GatosError('LEDGER_EVENT_TOO_LARGE', `event ${index}: ${bytes.length} bytes encoded, over the ${cap}-byte cap per event (store large content as a blob and put its pointer in the payload)`, {
          data: { index, bytes: bytes.length, cap },
        });
      }
      results.push({ pending: fresh.length });
      fresh.push({ envelope, bytes, cid: cidOf(bytes) });
      last = ulid;
      if (fresh.length % SIGN_CHUNK === 0 && signing.length < offload) dispatch();
    }
    if (fresh.length > signing.length * SIGN_CHUNK && signing.length < offload && fresh.length - signing.length * SIGN_CHUNK >= SIGN_CHUNK / 2) dispatch();
    // 2. Sign what was not handed off, on this thread, while the signer works on the rest.
    const mine = fresh.slice(signing.length * SIGN_CHUNK).map((f) => signer.sign(f.bytes));
    // 3. Chain the commits on the tip, in order, writing each chunk's objects as soon as it is built
    // (git indexes one chunk while the next is chained). The ref moves only after every write.
    const writes: Array<Promise<unknown>> = [];
    const commits: Oid[] = [];
    let parent: Oid | null = tip;
    for (let k = 0; k * SIGN_CHUNK < fresh.length; k++) {
      const signatures = k < signing.length ? await signing[k]! : mine.slice((k - signing.length) * SIGN_CHUNK);
      const objects: RawObject[] = [];
      fresh.slice(k * SIGN_CHUNK, (k + 1) * SIGN_CHUNK).forEach((f, i) => {
        const built = buildEventCommit({ ...f, signature: signatures[i]!, publicKey: signer.publicKey }, parent);
        objects.push(...built.objects);
        commits.push(built.oid);
        parent = built.oid;
      });
      const write = store.objects.write(objects);
      write.catch(() => undefined); // awaited below, after the last chunk
      writes.push(write);
    }
    await Promise.all(writes);
    if (parent !== tip) await store.refs.compareAndSwap(ref, tip, parent!);
    return results.map((r) => ('pending' in r ? { cid: fresh[r.pending]!.cid, commit: commits[r.pending]!, ulid: fresh[r.pending]!.envelope.ulid, existed: false } : r));
  }).catch((err: unknown) => {
    if (err instanceof GatosError && err.code === 'REF_CAS_MISMATCH') {
      throw new GatosError('LEDGER_CONTENDED', `could not append to ${ref}: it kept moving under concurrent writers; nothing was written, retry`, {
        data: { ref }, cause: err, exitClass: 'check',
      });
    }
    throw err;
  });
}

/** Appends one event; see `appendEvents`. */
export async function appendEvent(
  store: { objects: ObjectStore; refs: RefStore },
  ns: string,
  signer: Signer,
  input: EventInput,
  options: AppendOptions,
): Promise<AppendedEvent> {
  const [result] = await appendEvents(store, ns, signer, [input], options);
  return result!;
}

function checkInput(input: EventInput, index: number, latestAllowedMs: number): void {
  try {
    assertEventType(input.type);
    if (input.ulid !== undefined) assertUlid(input.ulid);
    if (input.ts !== undefined) assertTimestamp(input.ts);
  } catch (err) {
    // Say which event of a batch was wrong, keeping the original code.
    const e = err as GatosError;
    throw new GatosError(e.code, `event ${index}: ${e.message}`, { data: { ...e.data, index }, cause: err });
  }
  if (typeof input.payload !== 'object' || input.payload === null || Array.isArray(input.payload)) {
    throw new GatosError('LEDGER_BAD_PAYLOAD', `event ${index}: payload must be a JSON object`, { data: { index } });
  }
  const times = [input.ulid !== undefined ? ulidTime(input.ulid) : null, input.ts !== undefined ? timestampToSeconds(input.ts) * 1000 : null];
  for (const t of times) {
    if (t !== null && t > latestAllowedMs) {
      throw new GatosError('LEDGER_FUTURE_EVENT', `event ${index}: its time ${new Date(t).toISOString()} is more than the allowed skew in the future`, {
        data: { index, time: t },
      });
    }
  }
}

async function activePolicyFor(store: { objects: ObjectStore; refs: RefStore }, signer: Signer): Promise<string> {
  const active = await store.refs.read(ACTIVE_POLICY_REF);
  if (!active) {
    throw new GatosError('LEDGER_NO_POLICY', `no active policy bundle (${ACTIVE_POLICY_REF}); run \`git gatos init\` first`, { data: { ref: ACTIVE_POLICY_REF } });
  }
  const bundle = await loadBundle(store.objects, active);
  const key = formatPublicKey(signer.publicKey);
  if (!isActorKey(bundle.trust, signer.actor, key)) {
    throw new GatosError('LEDGER_SIGNER_NOT_TRUSTED', `key ${key} of ${signer.actor} is not in the trust graph of the active policy ${active} (run \`git gatos trust add ${signer.actor} ${key}\` and \`git gatos policy publish\`)`, {
      data: { actor: signer.actor, key, policy_root: active },
    });
  }
  return active;
}

/** For inputs with explicit ULIDs at or before the tip, finds those ULIDs in the journal (walking back from the tip). */
async function existingByUlid(
  objects: ObjectStore,
  tip: Oid | null,
  tipUlid: string | null,
  inputs: readonly EventInput[],
): Promise<Map<string, { cid: string; commit: Oid; envelope: EventEnvelope }>> {
  const found = new Map<string, { cid: string; commit: Oid; envelope: EventEnvelope }>();
  if (!tip || !tipUlid) return found;
  const wanted = new Set(inputs.map((i) => i.ulid).filter((u): u is string => u !== undefined && u <= tipUlid));
  if (wanted.size === 0) return found;
  const oldest = [...wanted].sort()[0]!;
  const chain = (await objects.walk(tip)).map((c) => c.oid).reverse();
  for (let i = 0; i < chain.length && wanted.size > 0; i += 256) {
    const slice = chain.slice(i, i + 256);
    const blobs = await objects.readMany(slice.map((c) => `${c}:${EVENT_FILE}`));
    let passed = false;
    for (const [j, blob] of blobs.entries()) {
      const envelope = decodeEnvelope(blob.body);
      if (wanted.delete(envelope.ulid)) found.set(envelope.ulid, { cid: cidOf(blob.body), commit: slice[j]!, envelope });
      if (envelope.ulid < oldest) passed = true;
    }
    if (passed) break;
  }
  return found;
}
