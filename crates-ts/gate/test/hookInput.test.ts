import { describe, expect, it } from 'vitest';
import { ZERO_OID, isGatosError } from '@gatos/core';
import { formatDenyLines, gatosUpdates, readPushUpdates } from '../src/index.js';

describe('readPushUpdates', () => {
  it('parses "<old> <new> <ref>" lines and keeps only refs/gatos/ for the gate', () => {
    const a = 'a'.repeat(40);
    const updates = readPushUpdates(`${ZERO_OID} ${a} refs/gatos/journal/demo/user/alice\n${a} ${ZERO_OID} refs/heads/main\n`);
    expect(updates).toEqual([
      { old: ZERO_OID, new: a, ref: 'refs/gatos/journal/demo/user/alice' },
      { old: a, new: ZERO_OID, ref: 'refs/heads/main' },
    ]);
    expect(gatosUpdates(updates).map((u) => u.ref)).toEqual(['refs/gatos/journal/demo/user/alice']);
  });

  it('names a malformed line', () => {
    try {
      readPushUpdates('nonsense refs/gatos/x\n');
      expect.unreachable();
    } catch (err) {
      expect(isGatosError(err, 'GATE_BAD_INPUT')).toBe(true);
      expect((err as Error).message).toContain('"nonsense refs/gatos/x"');
    }
  });
});

describe('formatDenyLines', () => {
  const v = { rule: 'gatos.ref.no-delete', ref: 'refs/gatos/state/demo', reason: 'no\ndeletes\x1b[2J' } as const;
  it('prints one sanitised GATOS DENY line per violation, plus GL-HOOK-ERR lines for GitLab', () => {
    expect(formatDenyLines([v], 0, 'plain')).toEqual(['GATOS DENY gatos.ref.no-delete refs/gatos/state/demo: no deletes [2J']);
    expect(formatDenyLines([v], 3, 'gitlab')).toEqual([
      'GATOS DENY gatos.ref.no-delete refs/gatos/state/demo: no deletes [2J',
      'GL-HOOK-ERR: GATOS DENY gatos.ref.no-delete refs/gatos/state/demo: no deletes [2J',
      'GATOS DENY: 3 more violations not listed (limit gatos.gate.maxViolations)',
      'GL-HOOK-ERR: GATOS DENY: 3 more violations not listed (limit gatos.gate.maxViolations)',
    ]);
  });
});
