/**
 * Reads a job's declared outputs from its work directory. Output paths come from the manifest and
 * the files from the job: both are attacker-controlled. A path that is absolute, has `..` or empty
 * segments, or resolves (through symlinks) outside the work directory is refused and recorded as a
 * failed output; it is never read.
 */
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { blake3Hex } from '@gatos/core';

export type OutputFailure = 'PATH_NOT_RELATIVE' | 'PATH_ESCAPES' | 'MISSING' | 'NOT_A_FILE' | 'TOO_LARGE';

export type CollectedOutput =
  | { readonly path: string; readonly ok: true; readonly contentId: string; readonly size: number; readonly bytes: Uint8Array }
  | { readonly path: string; readonly ok: false; readonly error: OutputFailure };

/** Largest single output kept (64 MiB). */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function collectOne(root: string, path: string): CollectedOutput {
  const parts = path.split('/');
  if (path === '' || isAbsolute(path) || path.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    return { path, ok: false, error: path.startsWith('/') || path === '' ? 'PATH_NOT_RELATIVE' : 'PATH_ESCAPES' };
  }
  const candidate = join(root, path);
  try {
    lstatSync(candidate);
  } catch {
    return { path, ok: false, error: 'MISSING' };
  }
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    // A dangling symlink: whatever it names is not a file the job produced.
    return { path, ok: false, error: 'MISSING' };
  }
  if (!inside(root, real)) return { path, ok: false, error: 'PATH_ESCAPES' };
  const stat = statSync(real);
  if (!stat.isFile()) return { path, ok: false, error: 'NOT_A_FILE' };
  if (stat.size > MAX_OUTPUT_BYTES) return { path, ok: false, error: 'TOO_LARGE' };
  const bytes = new Uint8Array(readFileSync(real));
  return { path, ok: true, contentId: `blake3:${blake3Hex(bytes)}`, size: bytes.length, bytes };
}

/**
 * One entry per declared output, in manifest order.
 * @example collectOutputs(workDir, ['out.txt', '../x'])[1] // { path: '../x', ok: false, error: 'PATH_ESCAPES' }
 */
export function collectOutputs(workDir: string, paths: readonly string[]): CollectedOutput[] {
  const root = realpathSync(workDir);
  return paths.map((p) => collectOne(root, p));
}
