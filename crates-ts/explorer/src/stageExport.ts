import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { GatosError } from '@gatos/core';
import { META_FILE } from './exportMeta.js';

/**
 * Writes an export into a fresh sibling directory and renames it over `out` only when complete, so
 * `out` never holds a partial export. `out` may be missing, empty, or a previous export (replaced);
 * anything else is refused.
 */
export async function stageExport<T>(out: string, write: (dir: string) => Promise<T>): Promise<T> {
  const target = resolve(out);
  if (existsSync(target)) checkReplaceable(target);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.partial-`));
  try {
    const result = await write(staging);
    if (existsSync(target)) {
      const old = `${staging}.old`;
      renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
    return result;
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** Passes when `dir` is empty or a previous gatos export; throws otherwise. */
function checkReplaceable(dir: string): void {
  if (!statSync(dir).isDirectory()) throw usage(dir, 'exists and is not a directory');
  const entries = readdirSync(dir);
  if (entries.length === 0) return;
  if (entries.includes(META_FILE)) {
    try {
      const meta = JSON.parse(readFileSync(join(dir, META_FILE), 'utf8')) as { extractor_version?: unknown };
      if (typeof meta.extractor_version === 'string' && meta.extractor_version.startsWith('gatos-export@')) return;
    } catch {
      // not JSON: not ours
    }
  }
  throw usage(dir, 'is not empty and is not a previous gatos export; choose another --out or empty it');
}

function usage(dir: string, why: string): GatosError {
  return new GatosError('EXPORT_OUT_NOT_EMPTY', `--out ${dir} ${why}`, { data: { out: dir }, exitClass: 'usage' });
}
