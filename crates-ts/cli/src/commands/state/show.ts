import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { loadCheckpoint, stateFilePath, type FoldState } from '@gatos/echo';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { resolveStateCommit } from '../../lib/resolveStateCommit.js';

interface StateOutput {
  ns: string;
  commit: string;
  stateRoot: string;
  events: number;
  path: string | null;
  state: FoldState;
}

export default class StateShow extends GatosCommand {
  static override summary = 'Print the state of a namespace’s latest (or a given) checkpoint.';
  static override examples = ['<%= config.bin %> state show finance', '<%= config.bin %> state show finance --path balances.acme', '<%= config.bin %> state show finance --at 3f2a… --json'];
  static override args = { ns: Args.string({ description: 'state name (namespace, or a+b for multi-namespace folds)', required: true }) };
  static override flags = {
    at: Flags.string({ summary: 'A checkpoint commit instead of the ref’s tip.' }),
    path: Flags.string({ summary: 'Dotted path into the state, e.g. balances.acme.' }),
  };

  async run(): Promise<StateOutput> {
    const { args, flags } = await this.parse(StateShow);
    return withContext(flags, async (ctx) => {
      const { commit } = await resolveStateCommit(ctx.repo, flags.at ?? args.ns);
      const cp = await loadCheckpoint(ctx.repo.objects, commit);
      const bytes = cp.files.get(stateFilePath(cp.pof.ns));
      if (!bytes) throw new GatosError('CHECKPOINT_INVALID', `checkpoint ${commit} has no state file`, { data: { commit }, exitClass: 'check' });
      let state = JSON.parse(new TextDecoder().decode(bytes)) as FoldState;
      for (const key of flags.path ? flags.path.split('.') : []) {
        if (state === null || typeof state !== 'object' || !(key in state)) {
          throw new GatosError('STATE_PATH_NOT_FOUND', `no ${JSON.stringify(key)} at ${flags.path} in the state of ${cp.pof.ns}`, { data: { path: flags.path ?? '' } });
        }
        state = (state as Record<string, FoldState>)[key] as FoldState;
      }
      this.log(JSON.stringify(state, null, 2));
      return { ns: cp.pof.ns, commit, stateRoot: cp.pof.state_root, events: cp.pof.events, path: flags.path ?? null, state };
    });
  }
}
