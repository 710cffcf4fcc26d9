/**
 * The installed hook's entry point: `node <abs>/hookEntry.js <pre-receive|post-receive> --target <t>`.
 * Kept lean on purpose (ADR-0006, FIELD-NOTES: oclif costs ~140 ms): it reads stdin first and
 * returns at once, before loading any gatos module, when no ref under `refs/gatos/` is pushed.
 */
import { resolve } from 'node:path';
import { text } from 'node:stream/consumers';

const [hook, flag, targetArg] = process.argv.slice(2);
const target = flag === '--target' && (targetArg === 'gitea' || targetArg === 'gitlab') ? targetArg : 'plain';
const input = await text(process.stdin);

if (input.includes(' refs/gatos/') && (hook === 'pre-receive' || hook === 'post-receive')) {
  const { systemClock } = await import('@gatos/core');
  const io = {
    // Hooks run in $GIT_DIR (bare) with GIT_DIR set; resolve it once so child processes agree.
    gitDir: resolve(process.env.GIT_DIR ?? '.'),
    env: process.env,
    target,
    clock: systemClock,
    print: (line: string) => void process.stderr.write(`${line}\n`),
  } as const;
  const run = hook === 'pre-receive' ? (await import('./runPreReceive.js')).runPreReceive : (await import('./runPostReceive.js')).runPostReceive;
  process.exitCode = await run(input, io);
} else if (hook !== 'pre-receive' && hook !== 'post-receive') {
  process.stderr.write(`GATOS ERROR GATE_BAD_INPUT: unknown hook ${JSON.stringify(hook)} (expected pre-receive or post-receive)\n`);
  process.exitCode = 1;
}
