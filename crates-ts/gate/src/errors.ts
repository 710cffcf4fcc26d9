/** Error codes raised by `@gatos/gate` (all thrown as `GatosError` from `@gatos/core`). */
export type GateErrorCode =
  /** Pre-receive input is not `<old> <new> <ref>` lines (data.line). */
  | 'GATE_BAD_INPUT'
  /** `hook install` was pointed at a non-bare repository (data.dir). */
  | 'GATE_NOT_BARE'
  /** A hook file that gatos did not write is in the way (data.path); pass --force to replace it. */
  | 'GATE_HOOK_EXISTS'
  /** An unknown `--target` (data.target). */
  | 'GATE_BAD_TARGET'
  /** `--trust-from` could not be read, holds no active policy, or disagrees with the gate's (data.source). */
  | 'GATE_TRUST_SEED_FAILED'
  /** A gate setting in git config is not a non-negative integer (data.key). */
  | 'GATE_BAD_CONFIG'
  /** An audit record on disk (chain or spool) cannot be read (data.commit or data.path). */
  | 'GATE_AUDIT_UNREADABLE';
