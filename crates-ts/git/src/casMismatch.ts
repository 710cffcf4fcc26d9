import { GatosError } from '@gatos/core';
import type { Oid } from '@gatos/core';
import type { GitAdapterErrorCode } from './errorCodes.js';

/** The `REF_CAS_MISMATCH` error both ref stores raise. */
export function casMismatch(ref: string, expected: Oid | null, actual: Oid | null, locked: boolean): GatosError<GitAdapterErrorCode> {
  const why = locked ? 'it is locked by another writer' : `it is at ${actual ?? '(absent)'}`;
  return new GatosError<GitAdapterErrorCode>('REF_CAS_MISMATCH', `${ref} was not updated: expected ${expected ?? '(absent)'} but ${why} (re-read the ref and retry)`, {
    data: { ref, expected, actual, reason: locked ? 'locked' : 'moved' },
    exitClass: 'check',
  });
}
