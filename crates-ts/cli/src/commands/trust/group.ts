import { Args } from '@oclif/core';
import { withGroup } from '@gatos/policy';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { readTrustGraphFile, requireWorkTree, TRUST_GRAPH_PATH, writeTrustGraphFile } from '../../lib/workTree.js';

export default class TrustGroup extends GatosCommand {
  static override summary = 'Set the members of a group (e.g. @leads) in gatos/trust/graph.json.';
  static override examples = ['<%= config.bin %> trust group @leads user:alice user:bob user:carol'];
  static override strict = false;
  static override args = {
    group: Args.string({ description: 'group name, with or without a leading @', required: true }),
  };

  async run(): Promise<{ group: string; members: string[]; path: string }> {
    const { args, argv, flags } = await this.parse(TrustGroup);
    const members = (argv as string[]).slice(1);
    return withContext(flags, async (ctx) => {
      const workTree = requireWorkTree(ctx.repo);
      const graph = withGroup(readTrustGraphFile(workTree), args.group, members);
      writeTrustGraphFile(workTree, graph);
      const bare = args.group.replace(/^@/, '');
      const set = [...(graph.groups[bare] ?? [])];
      this.log(`@${bare} = ${set.join(' ') || '(empty)'} in ${TRUST_GRAPH_PATH} (publish with: git gatos policy publish)`);
      return { group: bare, members: set, path: TRUST_GRAPH_PATH };
    });
  }
}
