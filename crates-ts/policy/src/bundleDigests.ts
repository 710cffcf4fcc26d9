import { GatosError, encodeCanonical, blake3Hex, sha256Hex } from '@gatos/core';

/** Top-level folders of `gatos/` that make up a policy bundle. */
export const BUNDLE_DIRS = ['policies/', 'trust/', 'config/'] as const;

export interface BundleDigests {
  /** `<bundle-id>` = blake3 of the canonical policy tree (SPEC-DIGEST §5, I36), lowercase hex. */
  readonly bundleId: string;
  /** `Policy-Code-Root` = sha256 of the same canonical bytes, lowercase hex. */
  readonly policyCodeRoot: string;
}

/**
 * Canonical policy tree = DAG-CBOR map `{<path relative to gatos/>: <bytes>}` (keys in DAG-CBOR order).
 * Both digests cover exactly those bytes, so any edit to any policy, trust or config file changes both.
 */
export function bundleDigests(files: ReadonlyMap<string, Uint8Array>): BundleDigests {
  const canonical = canonicalBundleBytes(files);
  return { bundleId: blake3Hex(canonical), policyCodeRoot: sha256Hex(canonical) };
}

/** The canonical policy tree's bytes (what `git gatos policyc -o` writes); both digests cover exactly these. */
export function canonicalBundleBytes(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const map: Record<string, Uint8Array> = {};
  for (const [path, bytes] of files) {
    assertBundlePath(path);
    map[path] = bytes;
  }
  return encodeCanonical(map);
}

export function assertBundlePath(path: string): void {
  const ok =
    BUNDLE_DIRS.some((d) => path.startsWith(d)) &&
    !path.split('/').some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.'));
  if (!ok) {
    throw new GatosError('POLICY_BAD_PATH', `${JSON.stringify(path)} cannot be part of a policy bundle (allowed: ${BUNDLE_DIRS.join(', ')} under gatos/, no hidden files)`, {
      data: { path },
    });
  }
}
