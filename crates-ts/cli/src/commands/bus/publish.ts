import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { publishMessages, type PublishedMessage, type PublishInput } from '@gatos/mind';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';
import { parseJsonObject, readTextArg } from '../../lib/readInput.js';

interface PublishOutput {
  topic: string;
  messages: PublishedMessage[];
}

export default class BusPublish extends GatosCommand {
  static override summary = 'Publish signed messages to a bus topic.';
  static override description = 'One message (--payload) or many (--batch, JSON lines of {payload, ulid?}), all or nothing, appended to the topic\'s open segment under refs/gatos/mbus/<topic>/. Republishing a ULID with the same content is a no-op that reports the existing offset; the same ULID with other content is refused.';
  static override examples = [
    `<%= config.bin %> bus publish gatos.jobs.pending --payload '{"job":"build-42"}'`,
    `<%= config.bin %> bus publish gatos.jobs.pending --payload @job.json --ulid 01JD6Z5R00000000000000000A`,
    '<%= config.bin %> bus publish gatos.jobs.pending --batch jobs.jsonl',
  ];
  static override args = {
    topic: Args.string({ description: 'topic, dotted (e.g. gatos.jobs.pending)', required: true }),
  };
  static override flags = {
    payload: Flags.string({ summary: 'Payload: JSON object, @file or - for stdin.', exclusive: ['batch'] }),
    ulid: Flags.string({ summary: 'Idempotency key (default: a fresh ULID).', exclusive: ['batch'] }),
    batch: Flags.string({ summary: 'JSON-lines file (or - for stdin) of {payload, ulid?}.' }),
    actor: Flags.string({ summary: 'Publishing identity (default: git config gatos.actor).' }),
    'max-segment-messages': Flags.integer({ summary: 'Rotate to a new segment at this many messages.', default: 100_000, min: 1 }),
    'max-segment-bytes': Flags.integer({ summary: 'Rotate to a new segment before exceeding this many message bytes.', default: 192 * 1024 * 1024, min: 1 }),
    'max-future-skew': Flags.integer({ summary: 'Seconds a --ulid time may lie in the future.', default: 300, min: 0 }),
  };

  async run(): Promise<PublishOutput> {
    const { args, flags } = await this.parse(BusPublish);
    let inputs: PublishInput[];
    if (flags.batch !== undefined) {
      inputs = parseMessageLines(readTextArg(flags.batch === '-' ? '-' : `@${flags.batch}`, 'batch'), flags.batch);
    } else {
      if (flags.payload === undefined) throw new GatosError('USAGE', 'give --payload for one message, or --batch <file> for many');
      inputs = [{ payload: parseJsonObject(readTextArg(flags.payload, 'payload'), 'payload'), ...(flags.ulid ? { ulid: flags.ulid } : {}) }];
    }
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const messages = await publishMessages(ctx.repo, args.topic, signer, inputs, {
        clock: ctx.clock,
        maxSegmentMessages: flags['max-segment-messages'],
        maxSegmentBytes: flags['max-segment-bytes'],
        maxFutureSkewMs: flags['max-future-skew'] * 1000,
      });
      if (messages.length === 1) this.log(`${messages[0]!.offset} ${messages[0]!.ulid}${messages[0]!.existed ? ' (already published)' : ''}`);
      else this.log(`published ${messages.filter((m) => !m.existed).length} messages (${messages.filter((m) => m.existed).length} already present) to ${args.topic}`);
      return { topic: args.topic, messages };
    });
  }
}

/** JSON lines of `{payload, ulid?}`; errors name the line. Blank lines are skipped. */
function parseMessageLines(text: string, source: string): PublishInput[] {
  const inputs: PublishInput[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    const { payload, ulid, ...extra } = parseJsonObject(line, where);
    if (Object.keys(extra).length > 0) throw new GatosError('INPUT_BAD_BATCH', `${where}: unknown field(s) ${Object.keys(extra).join(', ')} (allowed: payload, ulid)`, { data: { where } });
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || payload instanceof Uint8Array) {
      throw new GatosError('INPUT_BAD_BATCH', `${where}: "payload" must be a JSON object`, { data: { where } });
    }
    if (ulid !== undefined && typeof ulid !== 'string') throw new GatosError('INPUT_BAD_BATCH', `${where}: "ulid" must be a string`, { data: { where } });
    inputs.push({ payload: payload as PublishInput['payload'], ...(ulid ? { ulid } : {}) });
  });
  if (inputs.length === 0) throw new GatosError('INPUT_BAD_BATCH', `${source}: no messages`, { data: { where: source } });
  return inputs;
}
