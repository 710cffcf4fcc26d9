import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newUlid, type Clock } from '@gatos/core';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';
import { ackMessages, formatLagMetrics, publishMessages, topicLag } from '../src/index.js';

const T = 'gatos.audit.events';
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const at = (ms: number): Clock => ({ now: () => ms });
let fx: LedgerFixture;
beforeEach(async () => {
  fx = await makeLedgerFixture();
});
afterEach(async () => fx.cleanup());

describe('topicLag', () => {
  it('counts owed messages and the seconds from the low-water message to the newest one, exactly', async () => {
    // Setup: four messages at T0, T0+10s, T0+25s and T0+60.5s (message time = ULID time).
    const alice = fx.signers['user:alice']!;
    const offsets = [0, 10_000, 25_000, 60_500];
    const m = await publishMessages(fx.repo, T, alice, offsets.map((o, n) => ({ payload: { n }, ulid: newUlid(T0 + o) })), { clock: at(T0 + 61_000) });
    const ack = (consumer: string, which: number[], when: number) => ackMessages(fx.repo, T, consumer, alice, which.map((i) => m[i]!.ulid), { clock: at(when) });
    await ack('done', [0, 1, 2, 3], T0 + 3_600_000);
    await ack('mid', [0, 1], T0 + 70_000);
    await ack('gappy', [2], T0 + 3_500_000);

    // Test: one hour after T0, with a 10-minute activity window.
    const report = await topicLag(fx.repo, T, { clock: at(T0 + 3_600_000), activeWithinMs: 600_000 });
    expect(report.newest).toEqual({ offset: m[3]!.offset, ulid: m[3]!.ulid, time: '2026-01-05T12:01:00Z' });
    expect(report.activeWithin).toBe(600);
    expect(report.consumers).toEqual([
      { consumer: 'done', lowWater: m[3]!.offset, lastAck: '2026-01-05T13:00:00Z', active: true, messages: 0, seconds: 0 },
      // No low-water mark yet: counted from the oldest message owed (T0) to the newest (T0+60.5s).
      { consumer: 'gappy', lowWater: null, lastAck: '2026-01-05T12:58:20Z', active: true, messages: 3, seconds: 60.5 },
      { consumer: 'mid', lowWater: m[1]!.offset, lastAck: '2026-01-05T12:01:10Z', active: false, messages: 2, seconds: 50.5 },
    ]);
    expect(formatLagMetrics([report])).toBe([
      '# HELP gatos_bus_ack_lag Messages of a topic that a consumer has not acknowledged (what bus read would deliver).',
      '# TYPE gatos_bus_ack_lag gauge',
      `gatos_bus_ack_lag{topic="${T}",consumer="done"} 0`,
      `gatos_bus_ack_lag{topic="${T}",consumer="gappy"} 3`,
      `gatos_bus_ack_lag{topic="${T}",consumer="mid"} 2`,
      "# HELP gatos_bus_ack_lag_seconds Seconds from the consumer's low-water message to the topic's newest message (0 when nothing is owed).",
      '# TYPE gatos_bus_ack_lag_seconds gauge',
      `gatos_bus_ack_lag_seconds{topic="${T}",consumer="done"} 0`,
      `gatos_bus_ack_lag_seconds{topic="${T}",consumer="gappy"} 60.5`,
      `gatos_bus_ack_lag_seconds{topic="${T}",consumer="mid"} 50.5`,
      '# HELP gatos_bus_consumer_active 1 when the consumer acknowledged within the activity window (it then holds retention back).',
      '# TYPE gatos_bus_consumer_active gauge',
      `gatos_bus_consumer_active{topic="${T}",consumer="done"} 1`,
      `gatos_bus_consumer_active{topic="${T}",consumer="gappy"} 1`,
      `gatos_bus_consumer_active{topic="${T}",consumer="mid"} 0`,
      '',
    ].join('\n'));
  });

  it('reports an empty topic, and escapes label values it did not produce', async () => {
    expect(await topicLag(fx.repo, 'gatos.empty', { clock: at(T0), activeWithinMs: 1 })).toEqual({ topic: 'gatos.empty', newest: null, activeWithin: 0, consumers: [] });
    const hostile = { topic: 'a"b\\c\nd', newest: null, activeWithin: 0, consumers: [{ consumer: 'x', lowWater: null, lastAck: null, active: false, messages: 1, seconds: 0 }] };
    expect(formatLagMetrics([hostile])).toContain('gatos_bus_ack_lag{topic="a\\"b\\\\c\\nd",consumer="x"} 1\n');
    await expect(topicLag(fx.repo, 'Bad/Topic', { clock: at(T0), activeWithinMs: 1 })).rejects.toMatchObject({ code: 'BUS_BAD_TOPIC' });
  });
});
