import { GatosError } from '@gatos/core';
import { runGit } from '@gatos/git';
import type { GateErrorCode } from './errors.js';
import { DEFAULT_GATE_LIMITS, type GateLimits } from './gateLimits.js';

/** git config keys (lower case, as `git config --get-regexp` prints them) and the limit each sets. */
const KEYS: ReadonlyArray<readonly [string, keyof GateLimits, number]> = [
  ['gatos.gate.maxpolicydepth', 'maxPolicyDepth', 1],
  ['gatos.gate.maxfutureskewseconds', 'maxFutureSkewMs', 1000],
  ['gatos.gate.maxeventbytes', 'maxEventBytes', 1],
  ['gatos.gate.maxcommitsperpush', 'maxCommitsPerPush', 1],
  ['gatos.gate.maxviolations', 'maxViolations', 1],
  ['gatos.gate.replayproofoffold', 'replayProofOfFold', 1],
  ['gatos.gate.busactivewithinseconds', 'busActiveWithinMs', 1000],
];

/**
 * Reads `gatos.gate.*` from the repository's git config (one `git config` process) over the defaults.
 * Throws `GATE_BAD_CONFIG` naming the key when a value is not a non-negative integer.
 *
 * @example
 * // git config gatos.gate.maxEventBytes 65536
 * const limits = await readGateConfig(gitDir); // limits.maxEventBytes === 65536
 */
export async function readGateConfig(gitDir: string): Promise<GateLimits> {
  const text = await runGit(gitDir, ['config', '--get-regexp', '^gatos\\.gate\\.'], { okExitCodes: [0, 1] });
  const limits: Record<keyof GateLimits, number> = { ...DEFAULT_GATE_LIMITS };
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const key = line.slice(0, space);
    const value = line.slice(space + 1).trim();
    const known = KEYS.find(([k]) => k === key);
    if (!known) continue;
    if (known[1] === 'replayProofOfFold' && /^(true|false|yes|no|on|off)$/i.test(value)) {
      limits.replayProofOfFold = /^(true|yes|on)$/i.test(value) ? 1 : 0;
      continue;
    }
    if (!/^[0-9]{1,15}$/.test(value)) {
      throw new GatosError<GateErrorCode>('GATE_BAD_CONFIG', `git config ${key} = ${JSON.stringify(value)} is not a non-negative integer (fix it with \`git config ${key} <n>\`)`, {
        data: { key, value }, exitClass: 'usage',
      });
    }
    limits[known[1]] = Number(value) * known[2];
  }
  return limits;
}
