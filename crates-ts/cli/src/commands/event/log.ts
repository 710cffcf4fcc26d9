import { Flags } from '@oclif/core';
import { eventLog } from '@gatos/ledger';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { eventView, type EventView } from '../../lib/eventView.js';

export default class EventLog extends GatosCommand {
  static override summary = 'Show the newest events of a namespace, newest first.';
  static override examples = ['<%= config.bin %> event log --ns finance', '<%= config.bin %> event log --ns finance --actor user:bob --limit 5 --json'];
  static override flags = {
    ns: Flags.string({ summary: 'Namespace.', required: true }),
    actor: Flags.string({ summary: 'Only this actor’s journal.' }),
    limit: Flags.integer({ summary: 'How many events.', default: 20, min: 1 }),
  };

  async run(): Promise<{ events: EventView[] }> {
    const { flags } = await this.parse(EventLog);
    return withContext(flags, async (ctx) => {
      const events = (await eventLog(ctx.repo, { ns: flags.ns, ...(flags.actor ? { actor: flags.actor } : {}), limit: flags.limit })).map(eventView);
      if (events.length === 0) this.log(`no events in namespace ${flags.ns}`);
      for (const e of events) this.log(`${e.ulid}  ${e.actor}  ${e.type}  ${JSON.stringify(e.payload)}\n    ${e.cid}`);
      return { events };
    });
  }
}
