import { Args } from '@oclif/core';
import { formatPublicKey, parseActor, parsePublicKey } from '@gatos/core';
import { loadSigner } from '@gatos/keys';
import { withActorKey } from '@gatos/policy';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { readTrustGraphFile, requireWorkTree, TRUST_GRAPH_PATH, writeTrustGraphFile } from '../../lib/workTree.js';

export default class TrustAdd extends GatosCommand {
  static override summary = 'Trust a public key for an actor in gatos/trust/graph.json.';
  static override description = 'Edits the working tree only; the change takes effect once published with `git gatos policy publish`. Without PUBKEY, the key of ACTOR in your local key store is used.';
  static override examples = ['<%= config.bin %> trust add user:bob ed25519:3b6a27bc…', '<%= config.bin %> trust add user:bob'];
  static override args = {
    actor: Args.string({ description: 'user:<name>, agent:<name> or service:<name>', required: true }),
    pubkey: Args.string({ description: 'ed25519:<hex|base64> public key (default: from the local key store)' }),
  };

  async run(): Promise<{ actor: string; publicKey: string; path: string }> {
    const { args, flags } = await this.parse(TrustAdd);
    parseActor(args.actor);
    return withContext(flags, async (ctx) => {
      const workTree = requireWorkTree(ctx.repo);
      const key = args.pubkey ? formatPublicKey(parsePublicKey(args.pubkey)) : formatPublicKey(loadSigner(ctx.home, args.actor).publicKey);
      writeTrustGraphFile(workTree, withActorKey(readTrustGraphFile(workTree), args.actor, key));
      this.log(`trusted ${key} for ${args.actor} in ${TRUST_GRAPH_PATH} (publish with: git gatos policy publish)`);
      return { actor: args.actor, publicKey: key, path: TRUST_GRAPH_PATH };
    });
  }
}
