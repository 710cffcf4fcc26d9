import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { ackMessages, type AckResult } from '@gatos/mind';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';

export default class BusAck extends GatosCommand {
  static override summary = 'Acknowledge messages for a consumer.';
  static override description = 'Writes one signed commit to refs/gatos/mbus-ack/<topic>/<consumer> recording the ULIDs and the consumer\'s new low-water offset. Acknowledged messages are not returned by `bus read` again. Give ULIDs as arguments, or - to read them (whitespace-separated) from stdin.';
  static override examples = [
    '<%= config.bin %> bus ack gatos.jobs.pending --consumer worker 01JD6Z5R00000000000000000A 01JD6Z5R00000000000000000B',
    `<%= config.bin %> bus read gatos.jobs.pending --consumer worker --json | jq -r '.messages[].ulid' | <%= config.bin %> bus ack gatos.jobs.pending --consumer worker -`,
  ];
  static override strict = false;
  static override args = {
    topic: Args.string({ description: 'topic, dotted (e.g. gatos.jobs.pending)', required: true }),
  };
  static override flags = {
    consumer: Flags.string({ summary: 'Consumer (group) name.', required: true }),
    actor: Flags.string({ summary: 'Acknowledging identity (default: git config gatos.actor).' }),
  };

  async run(): Promise<AckResult> {
    const { args, argv, flags } = await this.parse(BusAck);
    const rest = (argv as string[]).slice(1);
    const ulids = rest.length === 1 && rest[0] === '-' ? (await readStdin()).split(/\s+/).filter((u) => u !== '') : rest;
    if (ulids.length === 0) throw new GatosError('USAGE', 'give the ULIDs to acknowledge as arguments, or - to read them from stdin');
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const result = await ackMessages(ctx.repo, args.topic, flags.consumer, signer, ulids, { clock: ctx.clock });
      this.log(result.changed ? `acknowledged ${result.acked.length} messages; low-water ${result.lowWater ?? '(none)'}` : `nothing new to acknowledge; low-water ${result.lowWater ?? '(none)'}`);
      return result;
    });
  }
}

/** All of stdin, read as a stream: a synchronous read of a large non-blocking pipe can fail with EAGAIN. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
