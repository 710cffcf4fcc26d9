import type { HookName, HookTarget } from './hookTargets.js';

/** First comment line of every hook file gatos writes; how `status` and `uninstall` recognise them. */
export const HOOK_MARKER = '# gatos-gate hook v1';

/** Single-quotes `s` for /bin/sh. */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The hook file: a tiny `#!/bin/sh` wrapper that execs Node by absolute path (the interpreter that
 * ran `hook install`) on the gate's lean entry point, so the server's PATH and the CLI (oclif) play
 * no part in a push.
 *
 * @example
 * hookWrapper('pre-receive', 'plain', '/usr/bin/node', '/opt/gatos/crates-ts/gate/dist/hookEntry.js')
 */
export function hookWrapper(name: HookName, target: HookTarget, nodePath: string, entryPath: string): string {
  return [
    '#!/bin/sh',
    HOOK_MARKER,
    `# Stargate push gate (${name}, target ${target}); installed by \`git gatos hook install\`, see docs/gate.md.`,
    `exec ${shQuote(nodePath)} ${shQuote(entryPath)} ${name} --target ${target}`,
    '',
  ].join('\n');
}
