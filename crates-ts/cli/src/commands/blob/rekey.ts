import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { formatPointer, loadActiveTrust, rekeyBlob, resolveRecipients, type OpaquePointer, type Recipient } from '@gatos/opaque';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { callerRecipientKey, configuredBlobStore, readBlobTarget } from '../../lib/blobs.js';

interface RekeyOutput {
  pointer: OpaquePointer;
  rotated: boolean;
  recipients: Recipient[];
}

export default class BlobRekey extends GatosCommand {
  static override summary = 'Give an opaque blob a new recipient list and print the new pointer.';
  static override description = `Only a current recipient can rekey: your key must unwrap the content key. Without --rotate the content key is re-wrapped for exactly the --to recipients and the ciphertext stays the same, so anyone removed who kept the old content key could still read it. With --rotate the content is decrypted and re-encrypted under a fresh key (a new ciphertext_hash) and stored, so removed recipients cannot read the new blob. Earlier pointers and their ciphertext stay readable to their own recipients: history is not rewritten.`;
  static override examples = [
    '<%= config.bin %> blob rekey @pointer.json --to user:alice user:carol',
    '<%= config.bin %> blob rekey @pointer.json --to @auditors --rotate --json',
  ];
  static override args = {
    pointer: Args.string({ description: 'opaque pointer JSON, @file, or - for stdin', required: true }),
  };
  static override flags = {
    to: Flags.string({ summary: 'The new recipients: actors and @groups (space- or comma-separated).', multiple: true, delimiter: ',', required: true }),
    rotate: Flags.boolean({ summary: 'Re-encrypt under a new content key (new ciphertext_hash).', default: false }),
    actor: Flags.string({ summary: 'Identity whose key unwraps the current content key (default: git config gatos.actor).' }),
  };

  async run(): Promise<RekeyOutput> {
    const { args, flags } = await this.parse(BlobRekey);
    const target = readBlobTarget(args.pointer);
    if ('hash' in target) {
      throw new GatosError('OPAQUE_NOT_OPAQUE', 'blob rekey needs the opaque pointer (JSON, @file or -), not a bare hash: the wrapped keys live in the pointer');
    }
    return withContext(flags, async (ctx) => {
      const { store } = await configuredBlobStore(ctx);
      const recipients = resolveRecipients(await loadActiveTrust(ctx.repo), flags.to);
      const { key } = await callerRecipientKey(ctx, flags.actor);
      const pointer = await rekeyBlob(store, target.pointer, key, recipients.map((r) => r.key), { rotate: flags.rotate });
      this.log(formatPointer(pointer));
      return { pointer, rotated: flags.rotate, recipients };
    });
  }
}
