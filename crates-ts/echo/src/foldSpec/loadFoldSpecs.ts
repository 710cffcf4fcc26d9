import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { GatosError } from '@gatos/core';
import { parseFoldSpec } from './parseFoldSpec.js';
import { compileFold, type CompiledFold } from './compileFold.js';

/** Reads and compiles the fold declared by one spec file. */
export function compileFoldFile(specPath: string): CompiledFold {
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch {
    throw new GatosError('FOLD_SPEC_NOT_FOUND', `cannot read fold spec ${specPath}`, { data: { path: specPath } });
  }
  const spec = parseFoldSpec(text, specPath);
  const entryPath = join(dirname(specPath), spec.entry);
  let source: string;
  try {
    source = readFileSync(entryPath, 'utf8');
  } catch {
    throw new GatosError('FOLD_SPEC_INVALID', `${specPath}: entry ${spec.entry} not found (looked for ${entryPath})`, { data: { path: specPath, field: 'entry' } });
  }
  return compileFold(spec, source, entryPath);
}

/**
 * The folds in `<workTree>/gatos/folds/*.yaml` that read namespace `ns` (or the one named `name`).
 * Exactly one must match; a clear error otherwise.
 */
export function findFold(workTree: string, selector: { ns?: string; name?: string }): { path: string; fold: CompiledFold } {
  const dir = join(workTree, 'gatos', 'folds');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort() : [];
  const candidates = files.map((f) => join(dir, f)).map((path) => ({ path, spec: parseFoldSpec(readFileSync(path, 'utf8'), relative(workTree, path)) }));
  const matches = candidates.filter((c) => (selector.name ? c.spec.name === selector.name : true) && (selector.ns ? c.spec.inputs.includes(selector.ns) : true));
  const what = [selector.name ? `named ${selector.name}` : '', selector.ns ? `reading namespace ${selector.ns}` : ''].filter(Boolean).join(' ');
  if (matches.length === 0) {
    throw new GatosError('FOLD_NOT_FOUND', `no fold ${what} in gatos/folds/ (declare one: gatos/folds/<name>.yaml with name, inputs, entry, version)`, { data: { ...selector } });
  }
  if (matches.length > 1) {
    throw new GatosError('FOLD_AMBIGUOUS', `${matches.length} folds ${what}: ${matches.map((m) => m.spec.name).join(', ')} (pick one with --fold <name>)`, { data: { ...selector } });
  }
  return { path: matches[0]!.path, fold: compileFoldFile(matches[0]!.path) };
}
