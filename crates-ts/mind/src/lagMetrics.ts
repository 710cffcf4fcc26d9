import type { LagReport } from './topicLag.js';

/** The metric families of `formatLagMetrics`, named after SPEC §10's daemon metric `gatos_bus_ack_lag`. */
const FAMILIES = [
  ['gatos_bus_ack_lag', 'Messages of a topic that a consumer has not acknowledged (what bus read would deliver).', (c: LagReport['consumers'][number]) => c.messages],
  ['gatos_bus_ack_lag_seconds', "Seconds from the consumer's low-water message to the topic's newest message (0 when nothing is owed).", (c: LagReport['consumers'][number]) => c.seconds],
  ['gatos_bus_consumer_active', '1 when the consumer acknowledged within the activity window (it then holds retention back).', (c: LagReport['consumers'][number]) => (c.active ? 1 : 0)],
] as const;

/** A Prometheus label value: backslash, double quote and newline escaped (text exposition format 0.0.4). */
const label = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * Renders lag reports in the Prometheus text exposition format (one `# HELP`/`# TYPE` pair per family,
 * then one sample per topic and consumer, labels `topic` and `consumer`), so a daemon's `/metrics` can
 * serve it as is. Pure and deterministic: samples follow the reports' order.
 *
 * @example
 * formatLagMetrics([report]) // '# HELP gatos_bus_ack_lag …\ngatos_bus_ack_lag{topic="t",consumer="w"} 3\n…'
 */
export function formatLagMetrics(reports: readonly LagReport[]): string {
  const lines: string[] = [];
  for (const [name, help, value] of FAMILIES) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const r of reports) for (const c of r.consumers) lines.push(`${name}{topic="${label(r.topic)}",consumer="${label(c.consumer)}"} ${value(c)}`);
  }
  return `${lines.join('\n')}\n`;
}
