import { GatosError, type ErrorData, type ExitClass } from './errors.js';
import { CORE_ERROR_EXIT, type CoreErrorCode } from './codes.js';

/** Builds a core error; the exit class defaults to the code's entry in `CORE_ERROR_EXIT`. */
export function coreError(
  code: CoreErrorCode,
  message: string,
  options: { data?: ErrorData; cause?: unknown; exitClass?: ExitClass } = {},
): GatosError<CoreErrorCode> {
  return new GatosError(code, message, { ...options, exitClass: options.exitClass ?? CORE_ERROR_EXIT[code] });
}
