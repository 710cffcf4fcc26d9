import { GatosError, blake3Hex, decodeStrict, encodeCanonical, sha256Hex } from '@gatos/core';
import { lintFold } from '../lint/lintFold.js';
import type { Finding } from '../lint/rules.js';
import type { FoldSpec } from './parseFoldSpec.js';

/** The compiled fold artefact (GFC): DAG-CBOR `{abi, lang, source, entry, spec}`, never engine bytecode. */
export interface CompiledFold {
  readonly spec: FoldSpec;
  /** Module source, UTF-8 with LF line ends. */
  readonly source: string;
  /** Canonical artefact bytes (stored as `fold.gfc` in every checkpoint). */
  readonly gfc: Uint8Array;
  /** `sha256:<hex>` of the artefact. */
  readonly foldRoot: string;
  /** `blake3:<hex>` of the canonical spec. */
  readonly foldId: string;
  /** Lint warnings (errors refuse compilation). */
  readonly warnings: readonly Finding[];
}

export const FOLD_ABI = 1;

/**
 * Compiles a fold: lints the module (any error-level finding refuses it), normalises line ends and
 * encodes the canonical artefact. Same spec + same source = same bytes = same Fold-Root everywhere.
 */
export function compileFold(spec: FoldSpec, sourceText: string, sourcePath: string): CompiledFold {
  const source = sourceText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const findings = lintFold(source, sourcePath);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new GatosError('FOLD_LINT_FAILED', `${sourcePath}:${first.line}:${first.column}: ${first.rule}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more; run git gatos lint)` : ''}`, {
      data: { path: sourcePath, line: first.line, rule: first.rule, errors: errors.length },
    });
  }
  const gfc = encodeCanonical({ abi: FOLD_ABI, lang: 'js', source, entry: ['init', 'step'], spec });
  return {
    spec,
    source,
    gfc,
    foldRoot: `sha256:${sha256Hex(gfc)}`,
    foldId: `blake3:${blake3Hex(encodeCanonical(spec))}`,
    warnings: findings.filter((f) => f.severity !== 'error'),
  };
}

/** Decodes a stored artefact (strictly) back into a compiled fold; the digests are recomputed. */
export function decodeCompiledFold(gfc: Uint8Array): CompiledFold {
  const value = decodeStrict(gfc) as { abi?: unknown; lang?: unknown; source?: unknown; entry?: unknown; spec?: unknown };
  if (value?.abi !== FOLD_ABI || value.lang !== 'js' || typeof value.source !== 'string' || typeof value.spec !== 'object' || value.spec === null) {
    throw new GatosError('FOLD_ARTEFACT_INVALID', `fold artefact is not a gatos fold (abi ${FOLD_ABI}, lang js)`, { exitClass: 'check' });
  }
  const spec = value.spec as FoldSpec;
  return { spec, source: value.source, gfc, foldRoot: `sha256:${sha256Hex(gfc)}`, foldId: `blake3:${blake3Hex(encodeCanonical(spec))}`, warnings: [] };
}
