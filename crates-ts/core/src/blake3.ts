/**
 * BLAKE3-256, the content hash of gatos (SPEC-DIGEST §0).
 *
 * `blake3` is synchronous so that encoders stay synchronous. After `initHashes()` it runs on a
 * reused hash-wasm hasher (~13x faster); before, it falls back to the pure-JS @noble/hashes
 * implementation. Both produce identical digests (pinned by tests).
 */
import { createBLAKE3, type IHasher } from 'hash-wasm';
import { blake3 as nobleBlake3 } from '@noble/hashes/blake3.js';
import { toHex } from './hex.js';

let wasmHasher: IHasher | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads the WASM BLAKE3 hasher once; later calls return the same promise.
 * @example await initHashes(); blake3(bytes) // now on the fast path
 */
export function initHashes(): Promise<void> {
  loading ??= createBLAKE3().then((hasher) => {
    wasmHasher = hasher;
  });
  return loading;
}

/** True once `initHashes()` has finished and `blake3` uses the WASM hasher. */
export function isBlake3WasmReady(): boolean {
  return wasmHasher !== null;
}

/** BLAKE3-256 through @noble/hashes only: the portable reference for cross-checks. */
export function blake3Noble(bytes: Uint8Array): Uint8Array {
  return nobleBlake3(bytes);
}

/**
 * BLAKE3-256 digest (32 bytes) of `bytes`.
 * @example toHex(blake3(new Uint8Array())) // 'af1349b9…3262'
 */
export function blake3(bytes: Uint8Array): Uint8Array {
  if (wasmHasher === null) return nobleBlake3(bytes);
  // The hasher is shared; init/update/digest run synchronously, so no call can interleave.
  return wasmHasher.init().update(bytes).digest('binary');
}

/** Lowercase hex of `blake3(bytes)`. */
export function blake3Hex(bytes: Uint8Array): string {
  return toHex(blake3(bytes));
}
