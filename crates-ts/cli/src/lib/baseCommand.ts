import { Command, Errors, Flags, type Interfaces } from '@oclif/core';
import { initHashes } from '@gatos/core';
import { describeError } from './describeError.js';

/**
 * Every gatos command: `-h/--help`, `--json` (one JSON document on stdout), `-C/--repo`, and one
 * clear error line on stderr with exit 1 (a check failed) or 2 (bad usage or input).
 * A stack trace appears only with GATOS_DEBUG=1.
 */
export abstract class GatosCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    repo: Flags.string({ char: 'C', summary: 'Path to the git repository (default: the current directory).', helpGroup: 'GLOBAL' }),
  };

  protected override async init(): Promise<void> {
    await super.init();
    await initHashes();
  }

  /** Marks the run as "a check failed" (exit 1) while still printing the result. */
  protected failCheck(): void {
    process.exitCode = 1;
  }

  protected override async catch(err: Interfaces.CommandError): Promise<never> {
    const d = describeError(err);
    if (this.jsonEnabled()) this.logJson({ error: { code: d.code, message: d.message, data: d.data } });
    process.stderr.write(`error: ${d.message} [${d.code}]\n`);
    if (process.env.GATOS_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    throw new Errors.ExitError(d.exit);
  }
}
