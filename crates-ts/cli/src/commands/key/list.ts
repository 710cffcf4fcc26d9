import { gatosHome, listKeys, type ListedKey } from '@gatos/keys';
import { GatosCommand } from '../../lib/baseCommand.js';

export default class KeyList extends GatosCommand {
  static override summary = 'List the keys in the local key store.';
  static override examples = ['<%= config.bin %> key list', '<%= config.bin %> key list --json'];

  async run(): Promise<{ keys: ListedKey[] }> {
    await this.parse(KeyList);
    const keys = listKeys(gatosHome());
    if (keys.length === 0) this.log(`no keys in ${gatosHome()} (create one with: git gatos key new --actor user:<name>)`);
    for (const k of keys) this.log(`${k.actor}\t${k.publicKey}`);
    return { keys };
  }
}
