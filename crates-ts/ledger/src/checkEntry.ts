import {
  GatosError, isGatosError, decodeEnvelope, cidOf, parseMessage, parsePublicKey, parseSignature, formatPublicKey,
  verifyStrict, type EventEnvelope, type SignatureCheck,
} from '@gatos/core';
import { isActorKey, type TrustGraph } from '@gatos/policy';
import type { JournalEntry } from './readJournal.js';

export interface EntryFailure {
  readonly code: string;
  readonly reason: string;
}

export interface CheckedEntry {
  readonly envelope: EventEnvelope | null;
  readonly cid: string | null;
  readonly failures: EntryFailure[];
  /**
   * With `deferSignature`, the signature still to verify (the caller batches these and reports
   * `EVENT_BAD_SIGNATURE` for a false verdict); otherwise always null.
   */
  readonly signatureCheck: SignatureCheck | null;
}

/**
 * The per-event checks of `event verify` as a pure function over already-loaded material
 * (SPEC-DIGEST §2 [R] verification 1–5): strict decode, Event-CID trailer, type, actor = ref actor,
 * signer in the trust graph of the event's policy_root, strict Ed25519 signature.
 * `trustOf` returns the trust graph of a policy bundle commit, or a GatosError when it cannot be loaded.
 */
export function checkEntry(
  entry: JournalEntry,
  decoded: EventEnvelope | GatosError | null,
  refActor: string,
  trustOf: (policyRoot: string) => TrustGraph | GatosError,
  options: { deferSignature?: boolean } = {},
): CheckedEntry {
  const failures: EntryFailure[] = [];
  let signatureCheck: SignatureCheck | null = null;
  const fail = (code: string, reason: string): CheckedEntry => {
    failures.push({ code, reason });
    return { envelope: null, cid: null, failures, signatureCheck };
  };
  if (entry.problem || !entry.data || !entry.eventBytes) {
    const p = entry.problem ?? new GatosError('JOURNAL_EVENT_MISSING', 'unreadable journal commit');
    return fail(p.code, p.message);
  }
  if (entry.parents.length > 1) failures.push({ code: 'JOURNAL_MERGE', reason: `merge commit with ${entry.parents.length} parents; journals are linear` });
  const envelope = decoded ?? decodeEntry(entry);
  if (envelope instanceof GatosError) return fail(envelope.code, `event.cbor: ${envelope.message}`);
  const cid = cidOf(entry.eventBytes);
  const message = parseMessage(entry.data.message);
  const trailers = new Map<string, string[]>();
  for (const [k, v] of message.trailers) trailers.set(k, [...(trailers.get(k) ?? []), v]);
  const one = (key: string): string | null => {
    const values = trailers.get(key) ?? [];
    if (values.length !== 1) {
      failures.push({ code: 'EVENT_TRAILER_INVALID', reason: values.length === 0 ? `missing ${key} trailer` : `${values.length} ${key} trailers` });
      return null;
    }
    return values[0]!;
  };
  const cidTrailer = one('Event-CID');
  if (cidTrailer !== null && cidTrailer !== cid) failures.push({ code: 'EVENT_CID_MISMATCH', reason: `Event-CID trailer ${cidTrailer} but event.cbor hashes to ${cid}` });
  const sigAlg = trailers.get('Sig-Alg')?.[0] ?? envelope.sig_alg ?? 'ed25519';
  if (sigAlg !== 'ed25519' || (envelope.sig_alg !== undefined && envelope.sig_alg !== sigAlg)) {
    failures.push({ code: 'EVENT_SIG_ALG_INVALID', reason: `unsupported or contradictory Sig-Alg ${sigAlg}` });
  }
  if (message.subject !== envelope.type) failures.push({ code: 'EVENT_TYPE_MISMATCH', reason: `commit subject ${JSON.stringify(message.subject)} but event type ${JSON.stringify(envelope.type)}` });
  if (envelope.actor !== refActor) failures.push({ code: 'EVENT_ACTOR_MISMATCH', reason: `event by ${envelope.actor} in the journal of ${refActor}` });
  const signerText = one('Signer');
  const sigText = one('Sig');
  if (signerText !== null && sigText !== null) {
    let key: Uint8Array | null = null;
    let sig: Uint8Array | null = null;
    try {
      key = parsePublicKey(signerText);
      sig = parseSignature(sigText);
    } catch (err) {
      failures.push({ code: 'EVENT_TRAILER_INVALID', reason: (err as Error).message });
    }
    if (key && sig) {
      const trust = trustOf(envelope.policy_root);
      const keyText = formatPublicKey(key);
      if (trust instanceof GatosError) failures.push({ code: 'EVENT_POLICY_UNKNOWN', reason: trust.message });
      else if (!isActorKey(trust, envelope.actor, keyText)) {
        failures.push({ code: 'EVENT_SIGNER_NOT_TRUSTED', reason: `signer ${keyText} is not a key of ${envelope.actor} in the trust graph of policy ${envelope.policy_root}` });
      }
      if (options.deferSignature) signatureCheck = { publicKey: key, message: entry.eventBytes, signature: sig };
      else if (!verifyStrict(key, entry.eventBytes, sig)) failures.push(badSignature(keyText));
    }
  }
  return { envelope, cid, failures, signatureCheck };
}

export function badSignature(keyText: string): EntryFailure {
  return { code: 'EVENT_BAD_SIGNATURE', reason: `signature does not verify under ${keyText}` };
}

/** Strictly decodes an entry's event, returning the error instead of throwing. */
export function decodeEntry(entry: JournalEntry): EventEnvelope | GatosError {
  if (!entry.eventBytes) return entry.problem ?? new GatosError('JOURNAL_EVENT_MISSING', 'no event.cbor');
  try {
    return decodeEnvelope(entry.eventBytes);
  } catch (err) {
    return isGatosError(err) ? err : new GatosError('ENVELOPE_INVALID', String(err));
  }
}
