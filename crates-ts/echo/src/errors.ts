/**
 * Typed errors of the fold sandbox. Every failure of a fold ends in exactly one of these codes, and
 * the same input always ends in the same code with the same `data` (SPEC-DIGEST §3 Q3).
 */
import { GatosError } from '@gatos/core';
import type { ErrorData, ExitClass } from '@gatos/core';

/** Every code `@gatos/echo` throws. */
export type EchoErrorCode =
  /** The fold source does not parse as an ES module (`data`: line, column). */
  | 'FOLD_SYNTAX'
  /** Parses, but breaks the ABI: no `init`/`step` export, `export default`, a reserved `__gatos*` name. */
  | 'FOLD_BAD_MODULE'
  /** `import`, `export … from` or `import()`: folds are one self-contained module. */
  | 'FOLD_IMPORT_FORBIDDEN'
  /** `async`/`await`, any use of `Promise`, a returned promise or a pending job. */
  | 'FOLD_ASYNC_FORBIDDEN'
  /** An event or the initial state cannot cross into the sandbox (float, -0, undefined, non-plain object…). */
  | 'FOLD_BAD_INPUT'
  /** `init`/`step` produced a state that is not plain JSON data (`data.path` is the first bad value). */
  | 'FOLD_BAD_STATE'
  /** Guest code threw (`data.message` is the guest's message). */
  | 'FOLD_THREW'
  /** The deterministic fuel budget (interrupt-handler ticks) ran out. */
  | 'FOLD_FUEL_EXHAUSTED'
  /** The sandbox ran out of memory (caught or not: the first out-of-memory poisons the run). */
  | 'FOLD_OOM'
  /** The sandbox's stack limit was hit (caught or not). */
  | 'FOLD_STACK_EXHAUSTED'
  /** The WASM engine itself failed (a trap or an abort); the instance was discarded. A bug, not a fold property. */
  | 'FOLD_ENGINE_ABORTED';

/** A `GatosError` carrying an {@link EchoErrorCode}. */
export type EchoError = GatosError<EchoErrorCode>;

const EXIT_CLASS: Readonly<Record<EchoErrorCode, ExitClass>> = {
  FOLD_SYNTAX: 'usage',
  FOLD_BAD_MODULE: 'usage',
  FOLD_IMPORT_FORBIDDEN: 'usage',
  FOLD_BAD_INPUT: 'usage',
  FOLD_ASYNC_FORBIDDEN: 'check',
  FOLD_BAD_STATE: 'check',
  FOLD_THREW: 'check',
  FOLD_FUEL_EXHAUSTED: 'check',
  FOLD_OOM: 'check',
  FOLD_STACK_EXHAUSTED: 'check',
  FOLD_ENGINE_ABORTED: 'internal',
};

/** Builds an {@link EchoError}; the exit class follows from the code. */
export function echoError(code: EchoErrorCode, message: string, data: ErrorData = {}, cause?: unknown): EchoError {
  return new GatosError<EchoErrorCode>(code, message, { data, cause, exitClass: EXIT_CLASS[code] });
}
