import { describe, expect, it } from 'vitest';
import { GATE_RULES } from '../src/index.js';

describe('@gatos/gate public surface', () => {
  it('exposes only the intended API (changing it is deliberate: update this list)', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual(["DECISION_FILE","DEFAULT_GATE_LIMITS","DENY_AUDIT_REF","FAST_FORWARD_KINDS","GATE_RULES","GENESIS_AUDIT_REF","HOOK_MARKER","HOOK_TARGETS","QUARANTINE_VARIABLES","REQUIRED_STATE_TRAILERS","appendAuditRecords","buildAuditCommit","classifyRef","denyRecords","evaluatePush","flushSpool","formatDenyLines","gatosUpdates","hookPath","hookStatus","hookWrapper","installHook","limitsForProfile","proofOfFoldVerifier","publisherTrustedAuthoriser","pusherFromEnv","readAuditLog","readGateConfig","readPushUpdates","readSpool","refNameProblem","requiredTrailersVerifier","runPostReceive","runPreReceive","seedTrust","spawnAuditWriter","spoolDir","uninstallHook","withoutQuarantine","writeAuditRecords"]);
  });

  it('pins the rule ids (ids are never renamed or reused)', () => {
    expect(Object.keys(GATE_RULES)).toEqual([
      'gatos.ref.no-delete', 'gatos.ref.fast-forward', 'gatos.ref.create-only', 'gatos.jobs.claim-chain', 'gatos.jobs.result', 'gatos.ref.bad-name', 'gatos.ref.reserved',
      'gatos.journal.encoding', 'gatos.journal.signature', 'gatos.journal.actor-binding', 'gatos.journal.untrusted-key',
      'gatos.journal.policy-root', 'gatos.journal.ulid-order', 'gatos.journal.no-merge', 'gatos.journal.future-skew', 'gatos.journal.size',
      'gatos.push.size', 'gatos.policy.malformed', 'gatos.policy.not-descendant', 'gatos.policy.genesis', 'gatos.policy.unauthorised',
      'gatos.state.pof-missing',
      'gatos.state.pof-mismatch',
      'gatos.state.pof-unverifiable',
      'gatos.governance.immutable', 'gatos.governance.malformed', 'gatos.governance.untrusted-signer', 'gatos.governance.unknown-proposal',
      'gatos.governance.unknown-grant', 'gatos.governance.quorum', 'gatos.governance.revoker',
      'gatos.policy-rule.ns-writer', 'gatos.policy-rule.missing-cap', 'gatos.policy-rule.size', 'gatos.policy-rule.predicate',
      'gatos.mbus.prune', 'gatos.mbus.head', 'gatos.mbus.ack', 'gatos.mbus.commitment',
    ]);
  });
});
