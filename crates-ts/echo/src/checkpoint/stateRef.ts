/**
 * Where a fold checkpoints: a function of its input set only (ADR-0009).
 * One namespace: `refs/gatos/state/<ns>`; several: `refs/gatos/state/<a>+<b>` (sorted, `+`-joined).
 * Two folds over the same input set therefore share a ref, so `fold` refuses ambiguity up front.
 */
export const STATE_PREFIX = 'refs/gatos/state/';

export function stateName(inputs: readonly string[]): string {
  return [...new Set(inputs)].sort().join('+');
}

export function stateRef(inputs: readonly string[]): string {
  return `${STATE_PREFIX}${stateName(inputs)}`;
}
