import { GatosError } from '@gatos/core';

export interface DescribedError {
  readonly code: string;
  readonly message: string;
  readonly data: Record<string, unknown>;
  /** 1 = a check failed, 2 = bad usage or input (or an internal error, reported as such). */
  readonly exit: 1 | 2;
}

/** Maps any thrown value to the one-line error the CLI prints and its exit status. */
export function describeError(err: unknown): DescribedError {
  if (err instanceof GatosError) {
    return { code: err.code, message: oneLine(err.message), data: { ...err.data }, exit: err.exitClass === 'check' ? 1 : 2 };
  }
  const e = err as { message?: unknown; oclif?: { exit?: unknown }; code?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (e?.oclif !== undefined) {
    // oclif parse errors (unknown flag, missing argument, bad value) are usage errors.
    return { code: 'USAGE', message: `${usageMessage(message)} (see --help)`, data: {}, exit: 2 };
  }
  return { code: 'INTERNAL', message: `internal error: ${oneLine(message)} (rerun with GATOS_DEBUG=1 for a stack trace)`, data: {}, exit: 2 };
}

/** oclif's parse errors, reworded as one line that names the flag the way users type it. */
function usageMessage(text: string): string {
  const body = text
    .replace(/^The following errors? occurred:\s*/i, '')
    .replace(/\n\s*See more help with --help\s*$/s, '')
    .replace(/Missing required flag (\S+)/g, 'missing required flag --$1')
    .replace(/^\s*[›>]\s*/gm, '');
  return oneLine(body);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ').trim();
}
