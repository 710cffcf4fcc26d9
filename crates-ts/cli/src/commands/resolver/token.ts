import { Flags } from '@oclif/core';
import { mintResolverToken, parseTtl, type MintedToken } from '@gatos/opaque';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';

export default class ResolverToken extends GatosCommand {
  static override summary = 'Mint a short-lived bearer token (EdDSA JWT) for a resolver.';
  static override description = 'Signs {sub, aud, iat, exp, scope?} with your Ed25519 key (kid = ed25519:<hex>). The resolver accepts it only while your key is a current key of your actor in its active trust graph, and only for classes listed in --scope that its config/resolver.json lets you read. Prints the token; --json adds header and claims.';
  static override examples = [
    '<%= config.bin %> resolver token --aud http://127.0.0.1:8080',
    '<%= config.bin %> resolver token --aud https://resolver.example --scope medical --ttl 10m',
    '<%= config.bin %> resolver token --aud http://127.0.0.1:8080 --json',
  ];
  static override flags = {
    aud: Flags.string({ summary: 'The resolver\'s audience: its URL (as `resolver serve` prints it) or its --aud.', required: true }),
    scope: Flags.string({ summary: 'Class the token may read; repeat for several.', multiple: true }),
    ttl: Flags.string({ summary: 'Lifetime: <n>s, <n>m or <n>h, at most 1h.', default: '5m' }),
    actor: Flags.string({ summary: 'Identity to mint for (default: git config gatos.actor).' }),
  };

  async run(): Promise<MintedToken> {
    const { flags } = await this.parse(ResolverToken);
    const ttlSeconds = parseTtl(flags.ttl);
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const minted = mintResolverToken(signer, {
        aud: flags.aud,
        ttlSeconds,
        nowSeconds: Math.floor(ctx.clock.now() / 1000),
        ...(flags.scope && flags.scope.length > 0 ? { scope: flags.scope.join(' ') } : {}),
      });
      this.log(minted.token);
      return minted;
    });
  }
}
