/**
 * `@gatos/gate`: Stargate, the pre-receive push gate (ADR-0008). Rules over every `refs/gatos/**`
 * update (`evaluatePush`, pure apart from reading the ports), the installed hook and its lean entry
 * point, and the DENY audit log written outside git's object quarantine.
 */
export { GATE_RULES } from './ruleIds.js';
export type { GateRuleId, StateRuleId, RuleId } from './ruleIds.js';
export type { Violation } from './violation.js';
export type { PushUpdate } from './pushUpdate.js';
export type { GateErrorCode } from './errors.js';
export { DEFAULT_GATE_LIMITS, limitsForProfile } from './gateLimits.js';
export type { GateLimits } from './gateLimits.js';
export { readGateConfig } from './readGateConfig.js';
export { readPushUpdates, gatosUpdates } from './readPushUpdates.js';
export { evaluatePush } from './evaluatePush.js';
export type { PushContext, PushEvaluation } from './evaluatePush.js';
export { publisherTrustedAuthoriser } from './policyUpdateAuthoriser.js';
export type { PolicyUpdateAuthoriser, PolicyUpdateRequest } from './policyUpdateAuthoriser.js';
export { requiredTrailersVerifier, REQUIRED_STATE_TRAILERS } from './stateUpdateVerifier.js';
export { proofOfFoldVerifier } from './proofOfFoldVerifier.js';
export type { StateUpdateVerifier, StateUpdateRequest } from './stateUpdateVerifier.js';
export { formatDenyLines } from './formatDenyLines.js';

// audit log
export { DENY_AUDIT_REF, GENESIS_AUDIT_REF } from './auditRecord.js';
export type { AuditRecord, AuditBatch, Pusher } from './auditRecord.js';
export { pusherFromEnv } from './pusherFromEnv.js';
export { denyRecords } from './denyAudit.js';
export type { DenyContext } from './denyAudit.js';
export { buildAuditCommit, DECISION_FILE } from './auditCommit.js';
export { appendAuditRecords } from './appendAuditRecords.js';
export { writeAuditRecords } from './writeAuditRecord.js';
export type { AuditWriteResult } from './writeAuditRecord.js';
export { spawnAuditWriter, withoutQuarantine, QUARANTINE_VARIABLES } from './spawnAuditWriter.js';
export { spoolDir, readSpool } from './spool.js';
export { flushSpool } from './flushSpool.js';
export type { SpoolFlushResult } from './flushSpool.js';
export { readAuditLog } from './readAuditLog.js';
export type { AuditLog, AuditLogEntry } from './readAuditLog.js';

// hooks
export { HOOK_TARGETS, hookPath } from './hookTargets.js';
export type { HookTarget, HookName } from './hookTargets.js';
export { hookWrapper, HOOK_MARKER } from './hookWrapper.js';
export { installHook } from './installHook.js';
export type { InstallHookOptions, InstallHookResult } from './installHook.js';
export { uninstallHook } from './uninstallHook.js';
export { hookStatus } from './hookStatus.js';
export type { HookStatus, HookFileStatus } from './hookStatus.js';
export { seedTrust } from './seedTrust.js';
export { runPreReceive } from './runPreReceive.js';
export { runPostReceive } from './runPostReceive.js';
export type { HookIo } from './hookIo.js';
export { classifyRef, refNameProblem, FAST_FORWARD_KINDS } from './classifyRef.js';
export type { RefKind } from './classifyRef.js';
