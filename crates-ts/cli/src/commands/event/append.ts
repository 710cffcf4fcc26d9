import { Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { appendEvents, journalRef, type AppendedEvent, type EventInput } from '@gatos/ledger';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';
import { parseJsonObject, readTextArg } from '../../lib/readInput.js';
import { parseBatch } from '../../lib/parseBatch.js';

interface AppendOutput {
  ref: string;
  events: AppendedEvent[];
}

export default class EventAppend extends GatosCommand {
  static override summary = 'Append signed events to your journal in a namespace.';
  static override description = 'One event (--type + --payload) or many (--batch, JSON lines with type, payload and optional ulid/ts), all or nothing. Prints the Event-CID of each event. Re-appending an event with the same --ulid is a no-op that reports the existing CID.';
  static override examples = [
    `<%= config.bin %> event append --ns finance --type invoice.created --payload '{"id":"inv-1","amount":1200}'`,
    '<%= config.bin %> event append --ns finance --type payment.received --payload @payment.json',
    '<%= config.bin %> event append --ns finance --batch events.jsonl',
  ];
  static override flags = {
    ns: Flags.string({ summary: 'Namespace (^[a-z0-9][a-z0-9._-]*$).', required: true }),
    type: Flags.string({ summary: 'Event type, e.g. invoice.created.', exclusive: ['batch'] }),
    payload: Flags.string({ summary: 'Payload: JSON object, @file or - for stdin.', exclusive: ['batch'] }),
    ulid: Flags.string({ summary: 'Idempotency key (default: a fresh ULID).', exclusive: ['batch'] }),
    ts: Flags.string({ summary: 'Event time, RFC 3339 UTC whole seconds (YYYY-MM-DDTHH:MM:SSZ).', exclusive: ['batch'] }),
    batch: Flags.string({ summary: 'JSON-lines file (or - for stdin) of {type, payload, ulid?, ts?}.' }),
    actor: Flags.string({ summary: 'Acting identity (default: git config gatos.actor).' }),
    'max-future-skew': Flags.integer({ summary: 'Seconds an event time (ULID or --ts) may lie in the future.', default: 300, min: 0 }),
  };

  async run(): Promise<AppendOutput> {
    const { flags } = await this.parse(EventAppend);
    let inputs: EventInput[];
    if (flags.batch !== undefined) {
      inputs = parseBatch(flags.batch === '-' ? readTextArg('-', 'batch') : readTextArg(`@${flags.batch}`, 'batch'), flags.batch);
    } else {
      if (!flags.type || flags.payload === undefined) {
        throw new GatosError('USAGE', 'give --type and --payload for one event, or --batch <file> for many');
      }
      const payload = parseJsonObject(readTextArg(flags.payload, 'payload'), 'payload');
      inputs = [{ type: flags.type, payload, ...(flags.ulid ? { ulid: flags.ulid } : {}), ...(flags.ts ? { ts: flags.ts } : {}) }];
    }
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const events = await appendEvents(ctx.repo, flags.ns, signer, inputs, { clock: ctx.clock, maxFutureSkewMs: flags['max-future-skew'] * 1000 });
      if (events.length === 1) this.log(events[0]!.cid);
      else this.log(`appended ${events.filter((e) => !e.existed).length} events (${events.filter((e) => e.existed).length} already present) to ${journalRef(flags.ns, signer.actor)}`);
      return { ref: journalRef(flags.ns, signer.actor), events };
    });
  }
}
