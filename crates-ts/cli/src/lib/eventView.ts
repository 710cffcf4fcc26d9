import type { LoggedEvent } from '@gatos/ledger';
import { toJsonValue } from './toJsonValue.js';

export interface EventView {
  cid: string;
  commit: string;
  ref: string;
  ns: string;
  actor: string;
  type: string;
  ulid: string;
  ts?: string;
  policy_root: string;
  signer: string | null;
  payload: unknown;
}

export function eventView(e: LoggedEvent): EventView {
  return {
    cid: e.cid,
    commit: e.commit,
    ref: e.ref,
    ns: e.ns,
    actor: e.envelope.actor,
    type: e.envelope.type,
    ulid: e.envelope.ulid,
    ...(e.envelope.ts ? { ts: e.envelope.ts } : {}),
    policy_root: e.envelope.policy_root,
    signer: e.signer,
    payload: toJsonValue(e.envelope.payload),
  };
}
