import { openRepository, runGit, type Repository } from '@gatos/git';
import { GatosError, parseActor, systemClock, type Clock, type Signer } from '@gatos/core';
import { gatosHome, loadSigner } from '@gatos/keys';

/** What a command needs from its environment, resolved once. */
export interface CliContext {
  readonly repo: Repository;
  readonly home: string;
  readonly clock: Clock;
}

export async function openContext(flags: { repo?: string | undefined }): Promise<CliContext> {
  const repo = await openRepository(flags.repo ?? process.cwd());
  return { repo, home: gatosHome(), clock: systemClock };
}

/**
 * The acting identity: `--actor`, else `$GATOS_ACTOR`, else `git config gatos.actor`.
 */
export async function resolveActor(dir: string, flag: string | undefined): Promise<string> {
  const configured = flag ?? process.env.GATOS_ACTOR ?? (await runGit(dir, ['config', '--get', 'gatos.actor']).catch(() => '')).trim();
  if (!configured) {
    throw new GatosError('NO_ACTOR', 'no actor: pass --actor user:<name> or run `git config gatos.actor user:<name>`');
  }
  parseActor(configured);
  return configured;
}

export async function resolveSigner(ctx: CliContext, flag: string | undefined): Promise<Signer> {
  const dir = ctx.repo.workTree ?? ctx.repo.gitDir;
  return loadSigner(ctx.home, await resolveActor(dir, flag));
}

export async function withContext<T>(flags: { repo?: string | undefined }, body: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(flags);
  try {
    return await body(ctx);
  } finally {
    await ctx.repo.close();
  }
}
