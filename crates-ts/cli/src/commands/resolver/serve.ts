import { Flags } from '@oclif/core';
import { RepoClassIndex, loadResolverAuthority, startResolver, type ResolverStats } from '@gatos/opaque';
import { GatosCommand } from '../../lib/baseCommand.js';
import { configuredBlobStore } from '../../lib/blobs.js';
import { withContext } from '../../lib/context.js';

interface ServeOutput extends ResolverStats {
  url: string;
  aud: string;
}

export default class ResolverServe extends GatosCommand {
  static override summary = 'Serve blob bytes over HTTP to callers with a valid resolver token.';
  static override description = `GET /resolve/blake3/<hex> with "Authorization: Bearer <JWT>" (see \`resolver token\`): the token must verify under a current key of its sub in the active policy's trust graph, and gatos/config/resolver.json must let that actor read the blob's class. Answers carry Digest, X-BLAKE3-Digest and Content-Digest headers. Every fetch and refusal is appended to refs/gatos/audit/resolve before the answer is sent (read it with \`resolver audit\`). Prints the listening URL as the first line of stdout, then one line per decision; stops cleanly on SIGINT/SIGTERM. Plain HTTP: bind to 127.0.0.1 and put a TLS proxy in front to serve others.`;
  static override examples = [
    '<%= config.bin %> resolver serve',
    '<%= config.bin %> resolver serve --port 0',
    '<%= config.bin %> resolver serve --port 8443 --bind 127.0.0.1 --aud https://resolver.example',
  ];
  static override flags = {
    port: Flags.integer({ summary: 'TCP port (0: any free port).', default: 8080, min: 0, max: 65535 }),
    bind: Flags.string({ summary: 'Address to listen on.', default: '127.0.0.1' }),
    aud: Flags.string({ summary: 'Audience tokens must name (default: the URL printed at start).' }),
  };

  async run(): Promise<ServeOutput> {
    const { flags } = await this.parse(ResolverServe);
    return withContext(flags, async (ctx) => {
      // Refuse to start without a usable policy rather than refuse every request.
      const authority = await loadResolverAuthority(ctx.repo);
      const { store: blobs, setting } = await configuredBlobStore(ctx);
      const server = await startResolver({
        store: ctx.repo,
        blobs,
        classes: new RepoClassIndex(ctx.repo),
        clock: ctx.clock,
        host: flags.bind,
        port: flags.port,
        ...(flags.aud !== undefined ? { audience: flags.aud } : {}),
        onDecision: (r, audited) => {
          if (!this.jsonEnabled()) this.log(`${r.decision.padEnd(5)} ${r.status} ${r.reason} ${r.digest ?? '-'} ${r.sub ?? '-'}${audited ? '' : ' (summarised)'}`);
        },
      });
      // The first line of stdout is the URL (a JSON line with --json), so callers can read a --port 0 choice.
      if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify({ url: server.url, aud: server.audience, policy_root: authority.policyRoot })}\n`);
      else this.log(`${server.url}\naudience ${server.audience}; policy ${authority.policyRoot}; rules ${authority.rules.declared ? 'gatos/config/resolver.json' : 'default (unclassed: any trusted actor)'}; store ${setting.kind === 'dir' ? setting.path : 'refs/gatos/objects'}`);
      if (!/^(127\.|::1$|\[::1\]$|localhost$)/.test(flags.bind)) process.stderr.write(`warning: serving plain HTTP on ${flags.bind}; put a TLS proxy in front of it\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      const stats = await server.close();
      if (!this.jsonEnabled()) this.log(`stopped: ${stats.requests} requests, ${stats.allowed} allowed, ${stats.denied} denied, ${stats.audited} audit records written`);
      return { url: server.url, aud: server.audience, ...stats };
    });
  }
}
