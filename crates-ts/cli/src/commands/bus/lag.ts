import { Args, Flags } from '@oclif/core';
import { formatLagMetrics, parseDuration, topicLag, type LagReport } from '@gatos/mind';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class BusLag extends GatosCommand {
  static override summary = 'Show how far each consumer of a topic is behind (ack lag).';
  static override description = 'For each consumer with an ack chain: its low-water mark, the number of messages `bus read` would still deliver to it, the seconds between its low-water message and the topic\'s newest message (message ULID times), and whether it acknowledged within --active-within (active consumers hold pruning back). --format prometheus prints the Prometheus text format (gatos_bus_ack_lag, gatos_bus_ack_lag_seconds, gatos_bus_consumer_active; labels topic and consumer).';
  static override examples = [
    '<%= config.bin %> bus lag gatos.jobs.pending',
    '<%= config.bin %> bus lag gatos.jobs.pending --format prometheus > /var/lib/node_exporter/gatos_bus.prom',
    '<%= config.bin %> bus lag gatos.jobs.pending --active-within 7d --json',
  ];
  static override args = {
    topic: Args.string({ description: 'topic, dotted (e.g. gatos.jobs.pending)', required: true }),
  };
  static override flags = {
    format: Flags.string({ summary: 'Output format.', options: ['text', 'prometheus'], default: 'text' }),
    'active-within': Flags.string({ summary: 'Activity window: seconds, <n>s|m|h|d|w, or ISO-8601 (default 30d, the bus TTL).', default: '30d' }),
  };

  async run(): Promise<LagReport> {
    const { args, flags } = await this.parse(BusLag);
    const activeWithinMs = parseDuration(flags['active-within']);
    return withContext(flags, async (ctx) => {
      const report = await topicLag(ctx.repo, args.topic, { clock: ctx.clock, activeWithinMs });
      if (flags.format === 'prometheus') {
        this.log(formatLagMetrics([report]).trimEnd());
        return report;
      }
      this.log(`newest ${report.newest ? `${report.newest.offset} ${report.newest.time}` : '(no messages)'}`);
      for (const c of report.consumers) {
        this.log(`${c.consumer} ${c.active ? 'active' : 'inactive'} low-water ${c.lowWater ?? '(none)'} behind ${c.messages} messages ${c.seconds}s (last ack ${c.lastAck ?? 'never'})`);
      }
      return report;
    });
  }
}
