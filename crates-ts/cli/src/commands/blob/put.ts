import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { formatPointer, loadActiveTrust, putBlob, putOpaqueBlob, recordBlobClasses, resolveRecipients, storedHash, type Pointer, type Recipient } from '@gatos/opaque';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveActor, withContext } from '../../lib/context.js';
import { configuredBlobStore, readContent } from '../../lib/blobs.js';

interface PutOutput {
  pointer: Pointer;
  stored: string;
  store: string;
  recipients?: Recipient[];
}

export default class BlobPut extends GatosCommand {
  static override summary = 'Store a file in the blob store and print its pointer (canonical JSON).';
  static override description = `Public by default: the bytes are stored as they are and the pointer is {kind: "blobptr", algo, hash, size}. With --opaque the content is padded to its size bucket (1 KiB, 4 KiB, 16 KiB, 64 KiB, then ×4) and encrypted with AES-256-GCM under a fresh key, which is wrapped with HPKE to every recipient's key from the active policy's trust graph (actors, and @groups expanded to their members; default: yourself). Only the ciphertext is stored; the pointer carries its hash, the bucket and the wrapped keys, never a digest of the plaintext. The store is refs/gatos/objects in this repository unless git config gatos.blobStore says dir:<path>.`;
  static override examples = [
    '<%= config.bin %> blob put report.pdf',
    '<%= config.bin %> blob put salaries.csv --opaque --to user:bob @auditors --class pii',
    'cat notes.txt | <%= config.bin %> blob put - --opaque --json',
  ];
  static override args = {
    file: Args.string({ description: 'file to store, or - for stdin', required: true }),
  };
  static override flags = {
    opaque: Flags.boolean({ summary: 'Encrypt for recipients; store only the ciphertext.', default: false }),
    to: Flags.string({ summary: 'Recipients: actors and @groups (space- or comma-separated; default: yourself).', multiple: true, delimiter: ',' }),
    class: Flags.string({ summary: 'Data class recorded in the pointer and in the resolver’s class registry (e.g. pii), which decides who may fetch it.' }),
    actor: Flags.string({ summary: 'Acting identity, the default recipient (default: git config gatos.actor).' }),
  };

  async run(): Promise<PutOutput> {
    const { args, flags } = await this.parse(BlobPut);
    if (flags.to !== undefined && !flags.opaque) throw new GatosError('USAGE', '--to names recipients of an encrypted blob: add --opaque (a public blob has no recipients)');
    const bytes = readContent(args.file);
    return withContext(flags, async (ctx) => {
      const { store, setting } = await configuredBlobStore(ctx);
      const where = setting.kind === 'dir' ? `dir:${setting.path}` : 'repo';
      const cls = flags.class === undefined ? {} : { class: flags.class };
      // The resolver decides who may read a blob by its class (ADR-0016): record it beside the blob.
      const classify = async (hash: string): Promise<void> => {
        if (flags.class !== undefined) await recordBlobClasses(ctx.repo, [{ hash, class: flags.class }]);
      };
      if (!flags.opaque) {
        const pointer = await putBlob(store, bytes, cls);
        await classify(pointer.hash);
        this.log(formatPointer(pointer));
        return { pointer, stored: pointer.hash, store: where };
      }
      const dir = ctx.repo.workTree ?? ctx.repo.gitDir;
      const names = flags.to ?? [await resolveActor(dir, flags.actor)];
      const recipients = resolveRecipients(await loadActiveTrust(ctx.repo), names);
      const pointer = await putOpaqueBlob(store, bytes, recipients.map((r) => r.key), cls);
      await classify(storedHash(pointer));
      const self = flags.to === undefined ? null : await resolveActor(dir, flags.actor).catch(() => null);
      if (self !== null && !recipients.some((r) => r.actor === self)) {
        process.stderr.write(`note: ${self} is not a recipient and will not be able to read or rekey this blob\n`);
      }
      this.log(formatPointer(pointer));
      return { pointer, stored: storedHash(pointer), store: where, recipients };
    });
  }
}
