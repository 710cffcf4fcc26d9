/** The job content id (SPEC-DIGEST §7, §13): `blake3:` + blake3 of the JCS bytes of the canonical manifest. */
import { blake3Hex, canonicalJsonBytes } from '@gatos/core';
import type { JobManifest } from './normalizeManifest.js';

/** JCS bytes of a canonical manifest: keys sorted, array order kept. These bytes are `job.json`. */
export function manifestBytes(manifest: JobManifest): Uint8Array {
  return canonicalJsonBytes(manifest);
}

/**
 * The job id of a canonical manifest.
 * @example manifestId({ command: ['/bin/echo'], args: [], timeout: 30 }) // 'blake3:237e59ea…'
 */
export function manifestId(manifest: JobManifest): string {
  return `blake3:${blake3Hex(manifestBytes(manifest))}`;
}
