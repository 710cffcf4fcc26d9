import { Args, Flags } from '@oclif/core';
import { tailTopic, type DeliveredMessage, type TailResult } from '@gatos/mind';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { toJsonValue } from '../../lib/toJsonValue.js';

export default class BusTail extends GatosCommand {
  static override summary = 'Follow new messages on a topic until --limit, --timeout or Ctrl-C.';
  static override description = 'Polls the topic\'s head ref and prints each new, verified message as one line (offset, ULID, producer, payload) as it arrives. Exits 0 on SIGINT or SIGTERM. Moves no ref and acknowledges nothing. With --json, one document listing the messages is printed at the end.';
  static override examples = [
    '<%= config.bin %> bus tail gatos.jobs.pending',
    '<%= config.bin %> bus tail gatos.jobs.pending --limit 1 --timeout 30',
    '<%= config.bin %> bus tail gatos.jobs.pending --from 01JD6Z5R0000000000000000AB:0 --json --timeout 5',
  ];
  static override args = {
    topic: Args.string({ description: 'topic, dotted (e.g. gatos.jobs.pending)', required: true }),
  };
  static override flags = {
    from: Flags.string({ summary: 'Start at this offset (inclusive) instead of after the current head.' }),
    limit: Flags.integer({ summary: 'Exit after this many messages.', min: 1 }),
    timeout: Flags.integer({ summary: 'Exit after this many seconds.', min: 0 }),
    interval: Flags.integer({ summary: 'Polling interval in milliseconds.', default: 200, min: 10 }),
  };

  async run(): Promise<TailResult & { messages: DeliveredMessage[] }> {
    const { args, flags } = await this.parse(BusTail);
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      return await withContext(flags, async (ctx) => {
        const messages: DeliveredMessage[] = [];
        const result = await tailTopic(ctx.repo, args.topic, {
          ...(flags.from !== undefined ? { from: flags.from } : {}),
          ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
          ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout * 1000 } : {}),
          intervalMs: flags.interval,
          signal: stop.signal,
          onMessage: (m) => {
            const shown = { ...m, payload: toJsonValue(m.payload) as DeliveredMessage['payload'] };
            messages.push(shown);
            if (!this.jsonEnabled()) this.log(`${m.offset} ${m.ulid} ${m.producer} ${JSON.stringify(shown.payload)}`);
          },
        });
        return { ...result, messages };
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
