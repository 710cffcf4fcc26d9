/** `gatos`: the `gatos` / `git gatos` command-line interface (oclif). Commands live in ./commands/<topic>/<verb>.ts. */
export { GatosCommand } from './lib/baseCommand.js';
export { describeError } from './lib/describeError.js';
export type { DescribedError } from './lib/describeError.js';
