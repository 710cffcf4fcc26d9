/**
 * Who ran a job (SPEC-DIGEST §4 PoE `runner`): this package's program name and version, and the
 * platform. `Attest-Program` is blake3 of the JCS bytes of `{program, version}`: the runner code's
 * identity, independent of the machine it ran on.
 */
import { blake3Hex, canonicalJsonBytes } from '@gatos/core';

export interface RunnerIdentity {
  readonly program: string;
  readonly version: string;
  readonly platform: string;
}

export const RUNNER_PROGRAM = '@gatos/compute';
export const RUNNER_VERSION = '0.1.0';

/** @example runnerIdentity() // { program: '@gatos/compute', version: '0.1.0', platform: 'linux-x64' } */
export function runnerIdentity(): RunnerIdentity {
  return { program: RUNNER_PROGRAM, version: RUNNER_VERSION, platform: `${process.platform}-${process.arch}` };
}

/** `blake3:<hex>` of the runner program identity (the `Attest-Program` trailer). */
export function attestProgram(runner: RunnerIdentity): string {
  return `blake3:${blake3Hex(canonicalJsonBytes({ program: runner.program, version: runner.version }))}`;
}
