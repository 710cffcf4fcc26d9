import { ZERO_OID, type Oid } from '@gatos/core';

/**
 * One ref update of a push, as git hands it to pre-receive (`<old> <new> <ref>`).
 * The zero OID means "absent": `old` zero creates the ref, `new` zero deletes it.
 */
export interface PushUpdate {
  readonly ref: string;
  readonly old: Oid;
  readonly new: Oid;
}

/** True when the update creates the ref. */
export function isCreate(u: PushUpdate): boolean {
  return u.old === ZERO_OID;
}

/** True when the update deletes the ref. */
export function isDelete(u: PushUpdate): boolean {
  return u.new === ZERO_OID;
}

/** The prefix every ref the gate looks at starts with; everything else passes untouched. */
export const GATOS_REF_PREFIX = 'refs/gatos/';
