import { profileSettings } from '@gatos/policy';

/**
 * The gate's tunable limits. Defaults follow SPEC-DIGEST §2 and §12 (5-minute future skew, 1 MiB
 * events, policy ancestry of 16 bundles); the research profile requires events to name exactly the
 * active policy. Server administrators set them in the bare repository's git config
 * (`gatos.gate.<name>`, see `readGateConfig`), because a gate must not take its limits from the pushers.
 */
export interface GateLimits {
  /** How many bundles back from the active policy an event's policy_root may be (0 = active only). */
  readonly maxPolicyDepth: number;
  /** How far in the future (by the gate's clock) an event's ULID or ts may lie, in milliseconds. */
  readonly maxFutureSkewMs: number;
  /** Largest event.cbor accepted, in bytes. */
  readonly maxEventBytes: number;
  /** Most new commits one push may bring to journal/ and state/ refs together. */
  readonly maxCommitsPerPush: number;
  /** Most violations listed per push (the rest are counted in `omitted`), so a hostile push cannot flood the audit log. */
  readonly maxViolations: number;
  /** Replay the Proof-of-Fold of every pushed checkpoint (1) or only require its trailers (0). The research profile always replays. */
  readonly replayProofOfFold: number;
  /** Bus consumers that acknowledged within this window (ms) hold pruning back on the server (SPEC CH6; ADR-0010). */
  readonly busActiveWithinMs: number;
}

export const DEFAULT_GATE_LIMITS: GateLimits = {
  maxPolicyDepth: 16,
  maxFutureSkewMs: 5 * 60 * 1000,
  maxEventBytes: 1024 * 1024,
  maxCommitsPerPush: 100_000,
  maxViolations: 200,
  replayProofOfFold: 1,
  busActiveWithinMs: 30 * 86_400_000,
};

/**
 * The limits for `profile` (from the active bundle's `config/profile.yaml`), as the profile table of
 * @gatos/policy says (research pins policy_root to the active bundle and always replays PoF); settings
 * the profile leaves to the server keep the server's value. An unknown name runs as `default`.
 */
export function limitsForProfile(limits: GateLimits, profile: string): GateLimits {
  const p = profileSettings(profile);
  return {
    ...limits,
    maxPolicyDepth: p.maxPolicyDepth === 'server-config' ? limits.maxPolicyDepth : p.maxPolicyDepth,
    replayProofOfFold: p.proofOfFold.replay === 'always' ? 1 : limits.replayProofOfFold,
  };
}
