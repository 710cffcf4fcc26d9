/**
 * Materialises a job's inputs (SPEC-DIGEST §7) into its work directory before the run: each pointer's
 * bytes are fetched from an `InputSource`, checked against the pointer (blake3 and size), and written at
 * the input's `path` (default `inputs/<hex>`). Paths were checked when the manifest was parsed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { blake3Hex } from '@gatos/core';
import type { BlobPointer } from './normalizeManifest.js';

/** Where input bytes come from (the repository's blob store by default; ADR-0015). */
export interface InputSource {
  /** The bytes `pointer` names, or null when they are not available to this worker. */
  fetch(pointer: BlobPointer): Promise<Uint8Array | null>;
}

/** Where an input lands, relative to the work directory. */
export function inputPath(pointer: BlobPointer): string {
  return pointer.path ?? `inputs/${pointer.hash.replace(/^blake3:/, '')}`;
}

/**
 * Writes every input, or reports the first that could not be: `{ error }` names the input and why
 * (not available, digest or size mismatch), and the job is then recorded as failed without running.
 */
export async function materializeInputs(dir: string, inputs: readonly BlobPointer[], source: InputSource): Promise<{ error: string } | null> {
  for (const [i, pointer] of inputs.entries()) {
    const where = `inputs[${i}] (${pointer.hash})`;
    let bytes: Uint8Array | null;
    try {
      bytes = await source.fetch(pointer);
    } catch (err) {
      return { error: `${where}: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (bytes === null) return { error: `${where}: not available in the blob store` };
    if (`blake3:${blake3Hex(bytes)}` !== pointer.hash) return { error: `${where}: fetched bytes do not hash to the pointer` };
    if (pointer.size !== undefined && bytes.length !== pointer.size) return { error: `${where}: ${bytes.length} bytes, the pointer says ${pointer.size}` };
    const target = join(dir, inputPath(pointer));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes, { flag: 'wx' });
  }
  return null;
}
