import { Args, Flags } from '@oclif/core';
import { readMessages, type ReadResult } from '@gatos/mind';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { toJsonValue } from '../../lib/toJsonValue.js';

export default class BusRead extends GatosCommand {
  static override summary = 'Print the messages a consumer has not acknowledged, in order.';
  static override description = 'Each ULID once, oldest offset first, from the consumer\'s low-water mark (or --from). Reading moves nothing: until `bus ack`, the same messages are returned again (at-least-once). Messages that fail verification are not delivered and are reported on stderr.';
  static override examples = [
    '<%= config.bin %> bus read gatos.jobs.pending --consumer worker',
    '<%= config.bin %> bus read gatos.jobs.pending --consumer worker --limit 10 --json',
    '<%= config.bin %> bus read gatos.jobs.pending --consumer worker --from 01JD6Z5R0000000000000000AB:0',
  ];
  static override args = {
    topic: Args.string({ description: 'topic, dotted (e.g. gatos.jobs.pending)', required: true }),
  };
  static override flags = {
    consumer: Flags.string({ summary: 'Consumer (group) name whose acknowledgements apply.', required: true }),
    from: Flags.string({ summary: 'Start at this offset (<segment-ulid>:<index>, inclusive).' }),
    limit: Flags.integer({ summary: 'At most this many messages.', min: 1 }),
  };

  async run(): Promise<ReadResult> {
    const { args, flags } = await this.parse(BusRead);
    return withContext(flags, async (ctx) => {
      const result = await readMessages(ctx.repo, args.topic, flags.consumer, {
        ...(flags.from !== undefined ? { from: flags.from } : {}),
        ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
      });
      for (const m of result.messages) this.log(`${m.offset} ${m.ulid} ${m.producer} ${JSON.stringify(toJsonValue(m.payload))}`);
      for (const r of result.rejected) process.stderr.write(`warning: not delivered ${r.offset} ${r.commit}: ${r.failures.map((f) => `${f.code} ${f.reason}`).join('; ')}\n`);
      return { ...result, messages: result.messages.map((m) => ({ ...m, payload: toJsonValue(m.payload) as typeof m.payload })) };
    });
  }
}
