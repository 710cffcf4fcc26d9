import { Flags } from '@oclif/core';
import { loadSignatureCache } from '@gatos/git';
import { verifyJournals, type VerifyReport } from '@gatos/ledger';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class EventVerify extends GatosCommand {
  static override summary = 'Verify every journal commit (or those of one namespace); exit 1 on any failure.';
  static override description = 'Checks strict canonical decoding, the Event-CID trailer, the event type, that the actor matches the ref, that the signer key belongs to the actor in the trust graph of the event’s policy_root, the Ed25519 signature, increasing ULIDs, no merges. Every failure is listed with ref, commit and reason.';
  static override examples = ['<%= config.bin %> event verify', '<%= config.bin %> event verify --ns finance --json'];
  static override flags = {
    ns: Flags.string({ summary: 'Only this namespace.' }),
    cache: Flags.boolean({
      summary: 'Skip signatures already verified in this clone (local cache keyed by commit id).',
      description: 'The cache lives in .git/gatos/cache and is never shared; --no-cache checks every signature again.',
      default: true,
      allowNo: true,
    }),
  };

  async run(): Promise<VerifyReport> {
    const { flags } = await this.parse(EventVerify);
    return withContext(flags, async (ctx) => {
      const cache = flags.cache ? await loadSignatureCache(ctx.repo.gitDir) : undefined;
      const report = await verifyJournals(ctx.repo, {
        ...(flags.ns ? { ns: flags.ns } : {}),
        ...(cache ? { signatureCache: cache } : {}),
        onProgress: (n) => {
          if (process.stderr.isTTY && !this.jsonEnabled()) process.stderr.write(`\rverified ${n} events…`);
        },
      });
      if (process.stderr.isTTY && !this.jsonEnabled()) process.stderr.write('\r\x1b[K');
      await cache?.save();
      for (const f of report.failures) this.log(`FAIL ${f.code} ${f.ref} ${f.commit ?? '-'}: ${f.reason}`);
      this.log(report.ok ? `ok: ${report.events} events in ${report.journals} journals verified` : `${report.failures.length} failures in ${report.events} events across ${report.journals} journals`);
      if (!report.ok) this.failCheck();
      return report;
    });
  }
}
