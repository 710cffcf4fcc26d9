import type { Clock } from '@gatos/core';
import type { HookTarget } from './hookTargets.js';

/** What a hook run gets from its process: where the repository is, the environment, and where to print. */
export interface HookIo {
  /** The repository's git directory (hooks run with it as `$GIT_DIR`). */
  readonly gitDir: string;
  /** The hook's environment: the quarantine variables, forge pusher variables, REMOTE_USER. */
  readonly env: NodeJS.ProcessEnv;
  readonly target: HookTarget;
  readonly clock: Clock;
  /** Prints one line to the pusher (stderr, shown as `remote: …`). */
  readonly print: (line: string) => void;
}
