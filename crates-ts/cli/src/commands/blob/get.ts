import { writeFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { materializeBlob, type Pointer } from '@gatos/opaque';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { callerRecipientKey, configuredBlobStore, readBlobTarget, writeStdout } from '../../lib/blobs.js';

interface GetOutput {
  kind: 'blobptr' | 'opaque' | 'stored';
  hash: string;
  length: number;
  out: string | null;
  /** The content, base64, when --json is given without -o. */
  content_base64?: string;
}

export default class BlobGet extends GatosCommand {
  static override summary = 'Fetch the content a pointer names, verified, and decrypted when you are a recipient.';
  static override description = `The target is pointer JSON, @file, - (stdin), or a bare blake3:<hex> address (the stored bytes as they are, e.g. ciphertext). Bytes are checked against their BLAKE3 address and the pointer's size; an opaque pointer is decrypted with your key (derived from your Ed25519 identity) when you are one of its recipients, otherwise it fails with "not a recipient" (exit 1). Tampered ciphertext, nonce or pointer fields fail with OPAQUE_TAMPERED or OPAQUE_INTEGRITY (exit 1). Content goes to stdout unless -o is given.`;
  static override examples = [
    '<%= config.bin %> blob get @pointer.json -o report.pdf',
    `<%= config.bin %> blob get '{"kind":"blobptr","algo":"blake3","hash":"blake3:…","size":5}'`,
    '<%= config.bin %> blob get blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262 -o raw.bin',
  ];
  static override args = {
    target: Args.string({ description: 'pointer JSON, @file, - for stdin, or blake3:<hex>', required: true }),
  };
  static override flags = {
    out: Flags.string({ char: 'o', summary: 'Write the content to this file instead of stdout.' }),
    actor: Flags.string({ summary: 'Identity whose key decrypts (default: git config gatos.actor).' }),
  };

  async run(): Promise<GetOutput> {
    const { args, flags } = await this.parse(BlobGet);
    const target = readBlobTarget(args.target);
    return withContext(flags, async (ctx) => {
      const { store } = await configuredBlobStore(ctx);
      let bytes: Uint8Array;
      let kind: GetOutput['kind'];
      let hash: string;
      if ('hash' in target) {
        const found = await store.get(target.hash);
        if (found === null) throw new GatosError('OPAQUE_BLOB_MISSING', `blob ${target.hash} is not in the blob store`, { data: { hash: target.hash }, exitClass: 'check' });
        [bytes, kind, hash] = [found, 'stored', target.hash];
      } else {
        const p: Pointer = target.pointer;
        const signer = p.kind === 'opaque' ? (await callerRecipientKey(ctx, flags.actor)).key : undefined;
        bytes = await materializeBlob(store, p, signer === undefined ? {} : { signer });
        [kind, hash] = [p.kind, p.kind === 'opaque' ? p.ciphertext_hash : p.hash];
      }
      if (flags.out !== undefined) {
        writeFileSync(flags.out, bytes, { mode: kind === 'opaque' ? 0o600 : 0o644 });
        this.log(`wrote ${bytes.length} bytes to ${flags.out}`);
      } else if (!this.jsonEnabled()) {
        await writeStdout(bytes);
      }
      return {
        kind, hash, length: bytes.length, out: flags.out ?? null,
        ...(flags.out === undefined ? { content_base64: Buffer.from(bytes).toString('base64') } : {}),
      };
    });
  }
}
