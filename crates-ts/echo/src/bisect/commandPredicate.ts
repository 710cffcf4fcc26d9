/**
 * A state predicate that is a command, like `git bisect run`: the state's canonical JSON (the bytes of a
 * checkpoint's `state/<ns>.json`) on stdin; exit 0 = good, 125 = cannot test (skip), 1–127 otherwise =
 * bad; 126/127 (not executable / not found), 128 and above, a signal or a spawn failure abort the bisect.
 */
import { spawn } from 'node:child_process';
import { GatosError, canonicalJsonBytes } from '@gatos/core';
import type { FoldState } from '../types.js';
import type { StatePredicate, StateVerdict } from './statePredicate.js';

export interface CommandPredicateOptions {
  /** Working directory of the command (default: the current one). */
  readonly cwd?: string;
  /** Receives the command's stdout and stderr (default: discarded). The CLI forwards them to stderr. */
  readonly onOutput?: (chunk: Uint8Array) => void;
}

/**
 * @example
 * const p = commandStatePredicate(['jq', '-e', '.customers.acme >= 0']);
 * await p.evaluate({ customers: { acme: 5 } }, { events: 3 }); // 'good'
 */
export function commandStatePredicate(argv: readonly string[], options: CommandPredicateOptions = {}): StatePredicate {
  if (argv.length === 0 || argv[0] === '') throw new GatosError('BISECT_PREDICATE_INVALID', 'the predicate command is empty (give it after --, e.g. -- jq -e ".x >= 0")');
  const describe = argv.join(' ');
  return {
    describe,
    evaluate: (state, at) => runOnce(argv, describe, state, at.events, options),
  };
}

function runOnce(argv: readonly string[], describe: string, state: FoldState, events: number, options: CommandPredicateOptions): Promise<StateVerdict> {
  const input = canonicalJsonBytes(state);
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd ?? process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, GATOS_BISECT_EVENTS: String(events) },
    });
    const sink = options.onOutput ?? (() => undefined);
    child.stdout.on('data', sink);
    child.stderr.on('data', sink);
    // A command that exits without reading its stdin closes the pipe: that is its right, not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    child.on('error', (err) => reject(failed(describe, events, `could not be started: ${err.message}`, 'SPAWN_FAILED', err)));
    child.on('close', (code, signal) => {
      if (signal !== null) return reject(failed(describe, events, `was killed by ${signal}`, 'SIGNAL'));
      if (code === 0) return resolve('good');
      if (code === 125) return resolve('skip');
      if (code !== null && code >= 1 && code <= 124) return resolve('bad');
      reject(failed(describe, events, `exited with ${String(code)} (126/127: not executable or not found; 128 and above abort the bisect)`, `EXIT_${String(code)}`));
    });
  });
}

function failed(describe: string, events: number, why: string, cause: string, err?: unknown): GatosError {
  return new GatosError('BISECT_PREDICATE_FAILED', `predicate command \`${describe}\` ${why} (state after ${events} events)`, {
    data: { predicate: describe, events, cause }, ...(err ? { cause: err } : {}),
  });
}
