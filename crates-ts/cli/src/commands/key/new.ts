import { Flags } from '@oclif/core';
import { createKey, gatosHome } from '@gatos/keys';
import { GatosCommand } from '../../lib/baseCommand.js';

export default class KeyNew extends GatosCommand {
  static override summary = 'Create an Ed25519 key for an actor (stored outside the repository).';
  static override description = 'The private key is written to $GATOS_HOME/keys/<kind>/<name>.json (default ~/.config/gatos) with mode 0600. Add the printed public key to the trust graph with `git gatos trust add`.';
  static override examples = ['<%= config.bin %> key new --actor user:alice'];
  static override flags = {
    actor: Flags.string({ summary: 'Actor the key speaks for: user:<name>, agent:<name> or service:<name>.', required: true }),
  };

  async run(): Promise<{ actor: string; publicKey: string; path: string }> {
    const { flags } = await this.parse(KeyNew);
    const created = createKey(gatosHome(), flags.actor);
    this.log(`created key for ${created.actor}\n  public key: ${created.publicKey}\n  stored at:  ${created.path}`);
    return created;
  }
}
