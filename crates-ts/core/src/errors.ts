/**
 * The one error base for every gatos plane.
 *
 * Each plane declares its own string-literal union of codes and reuses this base, so
 * the CLI can map any error to an exit status and `--json` can print `toJSON()`.
 * `data` says where the problem is (ref, commit, CID, byte offset, path).
 */
export type ExitClass = 'usage' | 'check' | 'internal';

export type ErrorData = Readonly<Record<string, string | number | boolean | null | undefined | readonly string[]>>;

export class GatosError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly data: ErrorData;
  /** How the CLI should exit: usage/input problems exit 2, failed checks exit 1. */
  readonly exitClass: ExitClass;

  constructor(code: Code, message: string, options: { data?: ErrorData; cause?: unknown; exitClass?: ExitClass } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatosError';
    this.code = code;
    this.data = options.data ?? {};
    this.exitClass = options.exitClass ?? 'usage';
  }

  toJSON(): { code: Code; message: string; data: ErrorData } {
    return { code: this.code, message: this.message, data: this.data };
  }
}

/** True when `err` is a GatosError, optionally with the given code. */
export function isGatosError<C extends string>(err: unknown, code?: C): err is GatosError<C> {
  return err instanceof GatosError && (code === undefined || err.code === code);
}
