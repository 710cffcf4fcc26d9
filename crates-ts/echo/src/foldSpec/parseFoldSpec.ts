import { parseDocument } from 'yaml';
import { GatosError, assertNamespace } from '@gatos/core';

/**
 * A fold declaration, `gatos/folds/<name>.yaml` (see spec/adr/0009-checkpoints-and-proof-of-fold.md):
 * ```yaml
 * name: balances
 * inputs: [finance]
 * entry: balances.js
 * version: 1
 * ```
 * Further fields are kept and become part of the compiled artefact (and so of the Fold-Root).
 */
export interface FoldSpec {
  readonly name: string;
  /** Namespaces folded, sorted and without duplicates. */
  readonly inputs: readonly string[];
  /** Path of the module, relative to the spec file. */
  readonly entry: string;
  /** State schema version (`Fold-Version`). */
  readonly version: number;
  readonly [extra: string]: unknown;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Parses and validates a fold spec; errors name the file, line and field. */
export function parseFoldSpec(text: string, path: string): FoldSpec {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw bad(path, `${line ? `line ${line}: ` : ''}${e.message.split('\n')[0]}`, 'yaml');
  }
  const raw: unknown = doc.toJS({ mapAsMap: false });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(path, 'must be a YAML mapping', '');
  const spec = raw as Record<string, unknown>;
  if (typeof spec.name !== 'string' || !NAME.test(spec.name)) throw bad(path, `"name" must match ${NAME.source}`, 'name');
  if (!Array.isArray(spec.inputs) || spec.inputs.length === 0 || !spec.inputs.every((i): i is string => typeof i === 'string')) {
    throw bad(path, '"inputs" must be a non-empty list of namespaces', 'inputs');
  }
  for (const ns of spec.inputs) {
    try {
      assertNamespace(ns);
    } catch (err) {
      throw bad(path, `"inputs": ${(err as Error).message}`, 'inputs');
    }
  }
  if (typeof spec.entry !== 'string' || spec.entry === '' || spec.entry.startsWith('/') || spec.entry.split('/').includes('..')) {
    throw bad(path, '"entry" must be a relative path to the fold module (no "..")', 'entry');
  }
  if (typeof spec.version !== 'number' || !Number.isSafeInteger(spec.version) || spec.version < 0) {
    throw bad(path, '"version" must be a non-negative integer', 'version');
  }
  return { ...spec, inputs: [...new Set(spec.inputs)].sort() } as unknown as FoldSpec;
}

function bad(path: string, what: string, field: string): GatosError {
  return new GatosError('FOLD_SPEC_INVALID', `${path}: ${what}`, { data: { path, field } });
}
