/**
 * The environment a job runs with: nothing from the runner except what the manifest names.
 * `env: {NAME: value}` sets values; `env: [NAME, …]` passes those variables through when the runner
 * has them. A fixed minimal PATH is added unless the manifest sets or passes PATH itself.
 */
import type { JobManifest } from './normalizeManifest.js';

export const JOB_PATH = '/usr/local/bin:/usr/bin:/bin';

/** @example runEnvironment({ env: ['HOME'], … }, process.env) // { PATH: '/usr/local/bin:…', HOME: '/root' } */
export function runEnvironment(manifest: JobManifest, runner: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = { PATH: JOB_PATH };
  const env = manifest.env;
  if (Array.isArray(env)) {
    for (const name of env as readonly string[]) {
      const value = runner[name];
      if (value !== undefined) out[name] = value;
    }
  } else if (env !== undefined) {
    Object.assign(out, env);
  }
  return out;
}
