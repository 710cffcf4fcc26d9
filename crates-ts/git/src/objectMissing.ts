/** The `GIT_OBJECT_MISSING` error both object stores raise. */
import { GatosError } from '@gatos/core';
import type { GitAdapterErrorCode } from './errorCodes.js';

export function objectMissing(name: string): GatosError<GitAdapterErrorCode> {
  return new GatosError<GitAdapterErrorCode>('GIT_OBJECT_MISSING', `object ${name} not found in the repository`, {
    data: { name },
    exitClass: 'check',
  });
}
