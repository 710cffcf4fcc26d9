import { writeFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { fetchResolved, mintResolverToken, normaliseAudience, parseTtl } from '@gatos/opaque';
import { GatosCommand } from '../../lib/baseCommand.js';
import { writeStdout } from '../../lib/blobs.js';
import { resolveSigner, withContext } from '../../lib/context.js';

interface FetchOutput {
  digest: string;
  size: number;
  /** The file written, or null when the bytes went to stdout. */
  out: string | null;
}

export default class ResolverFetch extends GatosCommand {
  static override summary = 'Fetch a blob from a resolver and check it against its digest.';
  static override description = 'GETs <url>/resolve/blake3/<hex> with a bearer token (--token, or one minted for your actor with aud = <url>), checks that the body hashes to the digest and matches Content-Digest, and writes the bytes to -o or stdout. For an opaque blob the bytes are ciphertext: decrypt with `git gatos blob get`.';
  static override examples = [
    '<%= config.bin %> resolver fetch http://127.0.0.1:8080 blake3:3a7bd3e2… -o scan.enc',
    '<%= config.bin %> resolver fetch https://resolver.example blake3:3a7bd3e2… --scope medical -o scan.enc',
    '<%= config.bin %> resolver fetch http://127.0.0.1:8080 blake3:3a7bd3e2… --token "$TOKEN" --json -o out.bin',
  ];
  static override args = {
    url: Args.string({ description: 'the resolver\'s base URL', required: true }),
    hash: Args.string({ description: 'blake3:<hex> of the stored bytes', required: true }),
  };
  static override flags = {
    token: Flags.string({ summary: 'Bearer token to send (default: mint one for your actor).' }),
    scope: Flags.string({ summary: 'Class for the minted token; repeat for several.', multiple: true }),
    ttl: Flags.string({ summary: 'Lifetime of the minted token.', default: '1m' }),
    actor: Flags.string({ summary: 'Identity to mint for (default: git config gatos.actor).' }),
    out: Flags.string({ char: 'o', summary: 'Write the bytes here instead of stdout.' }),
  };

  async run(): Promise<FetchOutput> {
    const { args, flags } = await this.parse(ResolverFetch);
    if (this.jsonEnabled() && flags.out === undefined) throw new GatosError('USAGE', '--json prints the result document on stdout: give -o <file> for the bytes');
    const token = flags.token ?? (await this.mint(args.url, flags));
    const fetched = await fetchResolved(args.url, args.hash, token);
    if (flags.out !== undefined) writeFileSync(flags.out, fetched.bytes);
    else if (!this.jsonEnabled()) await writeStdout(fetched.bytes);
    return { digest: fetched.digest, size: fetched.bytes.length, out: flags.out ?? null };
  }

  private async mint(url: string, flags: { repo?: string | undefined; actor?: string | undefined; scope?: string[] | undefined; ttl: string }): Promise<string> {
    const ttlSeconds = parseTtl(flags.ttl);
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      return mintResolverToken(signer, {
        aud: normaliseAudience(url),
        ttlSeconds,
        nowSeconds: Math.floor(ctx.clock.now() / 1000),
        ...(flags.scope && flags.scope.length > 0 ? { scope: flags.scope.join(' ') } : {}),
      }).token;
    });
  }
}
