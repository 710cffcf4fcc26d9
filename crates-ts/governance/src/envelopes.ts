/**
 * The four governance envelopes and the Proof-of-Consensus (SPEC-DIGEST §4, §5; I18), as JSON objects
 * written in JCS. Each `*_id` is `blake3:` + `contentId(object minus that id)`. `checkEnvelope`
 * reads attacker-controlled JSON: closed field sets, typed fields, and the id recomputed.
 */
import { assertTimestamp, formatPublicKey, parseActor, parsePublicKey } from '@gatos/core';
import { bareDigest, contentId } from './contentId.js';
import { ACTION_ID } from './governanceRules.js';

export interface ProposalEnvelope {
  readonly action: string;
  /** A URI; `gatos://` is canonical (e.g. `gatos://policy/<bundle-id>`). */
  readonly target: string;
  readonly proposal_id: string;
  readonly required_quorum: string;
  readonly expire_at: string;
  readonly policy_rule: string;
  readonly created_by: string;
  /** The active policy bundle commit when proposed: its trust graph resolves the quorum group. */
  readonly policy_root: string;
}

export interface ApprovalEnvelope {
  readonly proposal_id: string;
  readonly approval_id: string;
  /** `ed25519:<hex>`, the approving key (the Sig trailer verifies under it). */
  readonly signer: string;
  readonly expires_at?: string;
}

/** Proof-of-Consensus, schema shape (I18): approvals sorted by signer (lowercase hex). */
export interface ProofOfConsensus {
  readonly proposal_id: string;
  readonly approvals: ReadonlyArray<{ readonly approval_id: string; readonly signer: string }>;
  readonly policy_rule: string;
}

export interface GrantEnvelope {
  readonly proposal_id: string;
  readonly grant_id: string;
  /** `blake3:` of the JCS bytes of the Proof-of-Consensus. */
  readonly proof_of_consensus: string;
}

export interface RevocationEnvelope {
  readonly grant_id: string;
  readonly revocation_id: string;
  /** 1–256 characters, one line. */
  readonly reason: string;
  readonly revoked_by: string;
}

export type EnvelopeKind = 'proposal' | 'approval' | 'grant' | 'revocation';

/** Returns `body` with its content id set in `idField` (`blake3:<hex>`). */
export function withId<T extends object>(body: Omit<T, never>, idField: keyof T & string): T {
  return { ...body, [idField]: `blake3:${contentId(body as Record<string, unknown>, idField)}` } as T;
}

const URI = /^[a-z][a-z0-9+.-]*:[^\s\x00-\x1f\x7f]+$/;
const OID = /^[0-9a-f]{40}$/;

type Check = (value: unknown) => string | null;
const text = (pattern: RegExp, max = 256): Check => (v) => (typeof v === 'string' && v.length <= max && pattern.test(v) ? null : `must match ${pattern.source}`);
const digest: Check = (v) => (typeof v === 'string' && v.startsWith('blake3:') && bareDigest(v) !== null ? null : 'must be blake3:<64 lowercase hex>');
const time: Check = (v) => attempt(() => assertTimestamp(v as string));
const actor: Check = (v) => attempt(() => parseActor(v as string));
const key: Check = (v) => (typeof v === 'string' && attempt(() => parsePublicKey(v)) === null && formatPublicKey(parsePublicKey(v)) === v ? null : 'must be ed25519:<64 lowercase hex>');
const reason: Check = (v) => (typeof v === 'string' && v.length >= 1 && v.length <= 256 && !/[\x00-\x1f\x7f]/.test(v) && v.trim() === v ? null : 'must be 1-256 characters on one line');

const FIELDS: Readonly<Record<EnvelopeKind, { id: string; required: Record<string, Check>; optional: Record<string, Check> }>> = {
  proposal: {
    id: 'proposal_id',
    required: { action: text(ACTION_ID), target: text(URI, 1024), proposal_id: digest, required_quorum: text(/^\d+-of-\d+@[A-Za-z0-9._-]+$/), expire_at: time, policy_rule: text(ACTION_ID), created_by: actor, policy_root: text(OID) },
    optional: {},
  },
  approval: { id: 'approval_id', required: { proposal_id: digest, approval_id: digest, signer: key }, optional: { expires_at: time } },
  grant: { id: 'grant_id', required: { proposal_id: digest, grant_id: digest, proof_of_consensus: digest }, optional: {} },
  revocation: { id: 'revocation_id', required: { grant_id: digest, revocation_id: digest, reason, revoked_by: actor }, optional: {} },
};

/** The id field of each envelope kind. */
export const idField = (kind: EnvelopeKind): string => FIELDS[kind].id;

/**
 * Why `value` is not a well-formed `kind` envelope whose id matches its content, or null.
 * @example checkEnvelope('approval', JSON.parse(text)) // null when valid
 */
export function checkEnvelope(kind: EnvelopeKind, value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${kind} is not a JSON object`;
  const spec = FIELDS[kind];
  const record = value as Record<string, unknown>;
  for (const [name, check] of Object.entries(spec.required)) {
    const why = name in record ? check(record[name]) : 'is missing';
    if (why !== null) return `${kind} field ${name} ${why}`;
  }
  for (const name of Object.keys(record)) {
    if (!(name in spec.required) && !(name in spec.optional)) return `${kind} has an unknown field ${JSON.stringify(name.slice(0, 40))}`;
    const check = spec.optional[name];
    const why = check ? check(record[name]) : null;
    if (why !== null) return `${kind} field ${name} ${why}`;
  }
  const id = `blake3:${contentId(record, spec.id)}`;
  return record[spec.id] === id ? null : `${kind} ${spec.id} ${String(record[spec.id])} does not match its content (${id})`;
}

/** Why `value` is not a well-formed Proof-of-Consensus (closed schema, ≥1 unique approvals sorted by signer), or null. */
export function checkProofOfConsensus(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Proof-of-Consensus is not a JSON object';
  const { proposal_id: pid, approvals, policy_rule: rule, ...extra } = value as Record<string, unknown>;
  if (Object.keys(extra).length > 0) return 'Proof-of-Consensus has unknown fields';
  if (digest(pid) !== null || text(ACTION_ID)(rule) !== null || !Array.isArray(approvals) || approvals.length === 0) return 'Proof-of-Consensus needs proposal_id, policy_rule and at least one approval';
  let previous = '';
  for (const a of approvals as unknown[]) {
    const entry = a as Record<string, unknown>;
    if (typeof a !== 'object' || a === null || Object.keys(entry).length !== 2 || digest(entry.approval_id) !== null || key(entry.signer) !== null) return 'Proof-of-Consensus approvals must be {approval_id, signer}';
    if ((entry.signer as string) <= previous) return 'Proof-of-Consensus approvals must be unique and sorted by signer';
    previous = entry.signer as string;
  }
  return null;
}

function attempt(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return `is invalid (${(err as Error).message})`;
  }
}
