import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkoutRoot, cliEntry, okJson, testGitEnv, useCliSandbox, type CliResult } from '@gatos/testkit';

const T = 'gatos.jobs.pending';
const env = (): NodeJS.ProcessEnv => ({ GATOS_HOME: sb.home.dir });
const sb = useCliSandbox();
const gatos = (args: string[], input?: string): CliResult => sb.gatos(args, input);
const json = okJson;
interface Published { messages: Array<{ ulid: string; offset: string; existed: boolean }> }
interface Read { messages: Array<{ ulid: string; offset: string; payload: Record<string, unknown> }>; lowWater: string | null }

/** Starts a child process and resolves with its first stdout line (and the child). */
function spawnUntilLine(args: string[]): Promise<{ child: ReturnType<typeof spawn>; line: string; output: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, args, { cwd: sb.repo.dir, env: { ...testGitEnv, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, line: out.slice(0, nl), output: () => out, exit });
    });
    child.stderr!.on('data', (d: Buffer) => reject(new Error(d.toString())));
    void exit.then((code) => reject(new Error(`exited ${code} before printing a line: ${out}`)));
  });
}

beforeAll(() => {
  json(gatos(['init', '--actor', 'user:alice', '--json']));
});

describe('git gatos bus', () => {
  it('publishes one message, a batch from stdin, and treats a retried ULID as a no-op', () => {
    const one = json<Published>(gatos(['bus', 'publish', T, '--payload', '{"job":"a"}', '--ulid', '01KA0000000000000000000000', '--json']));
    const batch = json<Published>(gatos(['bus', 'publish', T, '--batch', '-', '--json'], '{"payload":{"job":"b"}}\n\n{"payload":{"job":"c"}}\n'));
    expect(batch.messages).toHaveLength(2);
    const retry = json<Published>(gatos(['bus', 'publish', T, '--payload', '{"job":"a"}', '--ulid', '01KA0000000000000000000000', '--json']));
    expect(retry.messages[0]).toEqual({ ...one.messages[0], existed: true });
    const text = gatos(['bus', 'publish', T, '--payload', '{"job":"a"}', '--ulid', '01KA0000000000000000000000']);
    expect(text.stdout).toBe(`${one.messages[0]!.offset} 01KA0000000000000000000000 (already published)\n`);
  });

  it('redelivers to a consumer killed between read and ack, and drops duplicates by ULID', async () => {
    const consumer = await spawnUntilLine([join(checkoutRoot, 'crates-ts/mind/test/fixtures/crashingConsumer.mjs'), sb.repo.dir, T, 'worker']);
    const seen = JSON.parse(consumer.line) as string[];
    expect(seen).toHaveLength(3);
    consumer.child.kill('SIGKILL');
    await consumer.exit;
    // The crash acknowledged nothing: the same messages come back, once each.
    const again = json<Read>(gatos(['bus', 'read', T, '--consumer', 'worker', '--json']));
    expect(again.messages.map((m) => m.ulid)).toEqual(seen);
    // The producer retries the first publish (same ULID): still one copy.
    json(gatos(['bus', 'publish', T, '--payload', '{"job":"a"}', '--ulid', '01KA0000000000000000000000', '--json']));
    expect(json<Read>(gatos(['bus', 'read', T, '--consumer', 'worker', '--json'])).messages).toHaveLength(3);
    // Ack by argument and from stdin; then nothing is owed.
    json(gatos(['bus', 'ack', T, '--consumer', 'worker', seen[0]!, '--json']));
    const ack = json<{ lowWater: string; pending: number }>(gatos(['bus', 'ack', T, '--consumer', 'worker', '-', '--json'], `${seen[1]}\n${seen[2]}\n`));
    expect(ack).toMatchObject({ lowWater: again.messages[2]!.offset, pending: 0 });
    expect(gatos(['bus', 'read', T, '--consumer', 'worker']).stdout).toBe('');
    expect(json<Read>(gatos(['bus', 'read', T, '--consumer', 'other', '--limit', '1', '--json'])).messages).toHaveLength(1);
  });

  it('tails from an offset until --limit, and exits 0 on SIGTERM', async () => {
    const first = json<Read>(gatos(['bus', 'read', T, '--consumer', 'tailer', '--json'])).messages[0]!;
    const tail = await spawnUntilLine([cliEntry, 'bus', 'tail', T, '--from', first.offset, '--limit', '5', '--interval', '50', '--timeout', '30']);
    expect(tail.line).toBe(`${first.offset} ${first.ulid} user:alice {"job":"a"}`);
    const fresh = json<Published>(gatos(['bus', 'publish', T, '--payload', '{"job":"d"}', '--json'])).messages[0]!;
    await expect.poll(() => tail.output(), { timeout: 10_000 }).toContain(fresh.ulid);
    tail.child.kill('SIGTERM');
    expect(await tail.exit).toBe(0);
    expect(tail.output().trim().split('\n')).toHaveLength(4); // a, b, c and d: the retried a was not duplicated
    const limited = gatos(['bus', 'tail', T, '--from', first.offset, '--limit', '2', '--json']);
    expect(json<{ stoppedBy: string; messages: unknown[] }>(limited)).toMatchObject({ stoppedBy: 'limit', messages: [{}, {}] });
    const idle = json<{ stoppedBy: string; delivered: number }>(gatos(['bus', 'tail', T, '--timeout', '0', '--json']));
    expect(idle).toMatchObject({ stoppedBy: 'timeout', delivered: 0 });
  });

  it('prunes what every active consumer acknowledged and verifies; a tampered summary fails verify', () => {
    const held = json<{ pruned: unknown[]; heldBack: Array<{ consumer: string }> }>(gatos(['bus', 'prune', T, '--older-than', '0s', '--active-within', '1h', '--json']));
    expect(held.pruned).toEqual([]);
    expect(held.heldBack[0]!.consumer).toBe('worker');
    const owed = json<Read>(gatos(['bus', 'read', T, '--consumer', 'worker', '--json'])).messages.map((m) => m.ulid);
    json(gatos(['bus', 'ack', T, '--consumer', 'worker', ...owed, '--json']));
    const pruned = json<{ pruned: Array<{ count: number; ref: string; commit: string }> }>(gatos(['bus', 'prune', T, '--older-than', '0s', '--active-within', '1h', '--json']));
    expect(pruned.pruned[0]!.count).toBe(4);
    const ok = gatos(['bus', 'verify', T]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: 0 messages in 1 segments \(1 pruned windows, 4 pruned messages\), 1 consumers and 0 commitments verified$/m);
    // Rewrite the summary with an edited Message-Count trailer (same tree, same signature).
    const { ref, commit } = pruned.pruned[0]!;
    const body = sb.repo.git('cat-file', 'commit', commit).replace('Message-Count: 4', 'Message-Count: 3');
    writeFileSync(join(sb.repo.dir, 'forged.txt'), `${body}\n`);
    const forged = sb.repo.git('hash-object', '-t', 'commit', '-w', 'forged.txt');
    sb.repo.git('update-ref', ref, forged, commit);
    sb.repo.git('update-ref', `refs/gatos/mbus/${T}/head`, forged, commit);
    const bad = gatos(['bus', 'verify', T]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAIL BUS_TRAILER_MISMATCH ${ref} ${forged}: Message-Count trailer is "3"; expected "4"`);
    expect(json<{ ok: boolean }>({ ...gatos(['bus', 'verify', T, '--json']), code: 0 }).ok).toBe(false);
  });

  it('reports hostile input on one line with a stable code and exit 2', () => {
    const cases: Array<[string[], string]> = [
      [['bus', 'publish', 'Gatos/Jobs', '--payload', '{}'], 'BUS_BAD_TOPIC'],
      [['bus', 'publish', T, '--payload', '[1]'], 'INPUT_BAD_JSON'],
      [['bus', 'publish', T, '--payload', '{"x":1.5}'], 'INPUT_NOT_INTEGER'],
      [['bus', 'publish', T, '--batch', '-'], 'INPUT_BAD_BATCH'],
      [['bus', 'read', T, '--consumer', 'w', '--from', 'nope'], 'BUS_BAD_OFFSET'],
      [['bus', 'ack', T, '--consumer', 'w', '01KA0000000000000000000077'], 'BUS_ACK_UNKNOWN_MESSAGE'],
      [['bus', 'prune', T, '--older-than', 'soon'], 'BUS_BAD_DURATION'],
    ];
    for (const [args, code] of cases) {
      const r = gatos(args, args.includes('-') ? '\n' : undefined);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`[${code}]`);
    }
    const huge = join(sb.repo.dir, 'huge.json');
    writeFileSync(huge, JSON.stringify({ blob: 'x'.repeat(1_100_000) }));
    const r = gatos(['bus', 'publish', T, '--payload', `@${huge}`]);
    expect(r.stderr.trim()).toMatch(/^error: message 0: \d+ bytes encoded, over the 1048576-byte cap per message .*\[BUS_MESSAGE_TOO_LARGE\]$/);
  });
});
