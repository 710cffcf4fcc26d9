/**
 * Schema check shared by `encodeEnvelope` and `decodeEnvelope`: required fields present, no
 * unknown fields, each field well-formed. Identifier checks keep their own codes (BAD_ACTOR,
 * BAD_ULID, BAD_EVENT_TYPE, BAD_TIMESTAMP) and gain `data.field`.
 */
import { CID } from 'multiformats/cid';
import { parseActor } from './actor.js';
import { coreError } from './coreError.js';
import type { CborValue } from './cborValue.js';
import { isGatosError, type ExitClass } from './errors.js';
import { OPTIONAL_ENVELOPE_FIELDS, REQUIRED_ENVELOPE_FIELDS, type EventEnvelope } from './envelope.js';
import { assertEventType } from './eventType.js';
import { assertTimestamp } from './timestamp.js';
import { assertUlid } from './ulid.js';

const KNOWN = new Set<string>([...REQUIRED_ENVELOPE_FIELDS, ...OPTIONAL_ENVELOPE_FIELDS]);
const OID = /^[0-9a-f]{40}$/;

type Mode = 'encode' | 'decode';

function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) return false;
  if (CID.asCID(value) !== null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'bytes';
  return typeof value;
}

/** Runs an identifier check and re-tags its error with the field name and the mode's exit class. */
function checkField(field: string, exitClass: ExitClass, assert: () => void): void {
  try {
    assert();
  } catch (err) {
    if (!isGatosError(err)) throw err;
    throw coreError(err.code as Parameters<typeof coreError>[0], `envelope field ${field}: ${err.message}`, {
      data: { ...err.data, field },
      cause: err,
      exitClass,
    });
  }
}

/** Validates `value` as an event envelope and returns a copy holding only its present fields. */
export function validateEnvelope(value: unknown, mode: Mode): EventEnvelope {
  const exitClass: ExitClass = mode === 'decode' ? 'check' : 'usage';
  const bad = (field: string, why: string): never => {
    throw coreError('ENVELOPE_BAD_FIELD', `envelope field ${field} ${why}`, { data: { field }, exitClass });
  };
  if (!isPlainMap(value)) {
    throw coreError('ENVELOPE_NOT_A_MAP', `an event envelope is a map, not ${describe(value)}`, { exitClass });
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN.has(key)) {
      const hint = key === 'sig' ? ' (the signature travels in the commit trailers, never in the canonical bytes)' : '';
      throw coreError('ENVELOPE_UNKNOWN_FIELD', `unknown envelope field ${JSON.stringify(key.slice(0, 64))}${hint}`, {
        data: { field: key.slice(0, 64) },
        exitClass,
      });
    }
  }
  for (const field of REQUIRED_ENVELOPE_FIELDS) {
    if (value[field] === undefined) {
      throw coreError('ENVELOPE_MISSING_FIELD', `envelope field ${field} is required`, { data: { field }, exitClass });
    }
  }
  for (const field of OPTIONAL_ENVELOPE_FIELDS) {
    if (value[field] === null) bad(field, 'is null; leave an absent optional field out instead');
  }
  const { type, ulid, actor, payload, policy_root: policyRoot, caps, sig_alg: sigAlg, ts } = value;

  if (typeof type !== 'string') bad('type', `must be a string, not ${describe(type)}`);
  checkField('type', exitClass, () => assertEventType(type as string));
  if (typeof ulid !== 'string') bad('ulid', `must be a string, not ${describe(ulid)}`);
  checkField('ulid', exitClass, () => assertUlid(ulid as string));
  if (typeof actor !== 'string') bad('actor', `must be a string, not ${describe(actor)}`);
  checkField('actor', exitClass, () => parseActor(actor as string));
  if (!isPlainMap(payload)) bad('payload', `must be a map, not ${describe(payload)}`);
  if (typeof policyRoot !== 'string' || !OID.test(policyRoot)) {
    bad('policy_root', 'must be a commit id: 40 lowercase hex characters');
  }
  const envelope: EventEnvelope = {
    type: type as string,
    ulid: ulid as string,
    actor: actor as string,
    payload: payload as { [key: string]: CborValue },
    policy_root: policyRoot as string,
  };
  if (caps !== undefined) {
    if (!Array.isArray(caps)) bad('caps', `must be an array of strings, not ${describe(caps)}`);
    (caps as unknown[]).forEach((cap, index) => {
      if (typeof cap !== 'string' || cap.length === 0) bad('caps', `item ${index} must be a non-empty string`);
    });
    envelope.caps = caps as string[];
  }
  if (sigAlg !== undefined) {
    if (typeof sigAlg !== 'string') bad('sig_alg', `must be a string, not ${describe(sigAlg)}`);
    if (sigAlg !== 'ed25519') {
      throw coreError('ENVELOPE_UNKNOWN_SIG_ALG', `unknown sig_alg ${JSON.stringify((sigAlg as string).slice(0, 32))} (supported: ed25519)`, {
        data: { field: 'sig_alg', sig_alg: (sigAlg as string).slice(0, 32) },
        exitClass,
      });
    }
    envelope.sig_alg = 'ed25519';
  }
  if (ts !== undefined) {
    if (typeof ts !== 'string') bad('ts', `must be a string, not ${describe(ts)}`);
    checkField('ts', exitClass, () => assertTimestamp(ts as string));
    envelope.ts = ts as string;
  }
  return envelope;
}
