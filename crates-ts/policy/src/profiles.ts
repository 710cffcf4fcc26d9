/**
 * The profiles a repository can run under (SPEC-DIGEST §10, ADR-0021): what each one enforces, as one
 * typed table. The gate and the CLI read their profile-dependent behaviour from here, and
 * `profiles/<name>.yaml` must equal these entries (a test checks it), so docs and code cannot drift.
 */
export const PROFILE_NAMES = ['default', 'research'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface ProfileSettings {
  readonly profile: ProfileName;
  readonly summary: string;
  /** Proof-of-Fold on pushed `state/**` checkpoints: trailers always required; replayed `always`, or unless the server sets `gatos.gate.replayProofOfFold=0`. */
  readonly proofOfFold: { readonly requiredOnStatePush: boolean; readonly replay: 'server-config' | 'always' };
  /** How many bundles behind the active one an event's policy_root may be: a number, or the server's `gatos.gate.maxPolicyDepth` (16 unless set). */
  readonly maxPolicyDepth: number | 'server-config';
  /** Ref families the gate accepts only fast-forward updates on (and never deletes). */
  readonly fastForwardOnly: readonly string[];
  /** Whether `refs/gatos/audit/**` is an anchor: never deleted or rewound, so GC keeps what it reaches. */
  readonly auditRefsAnchored: boolean;
  /** Bus segmentation and retention (ADR-0010). */
  readonly bus: {
    readonly segmentMaxMessages: number;
    readonly segmentMaxBytes: number;
    readonly ttlDays: number;
    readonly summaries: boolean;
  };
  /** Pointer hardening: opaque pointers must not leak plaintext metadata (checked by `git gatos doctor`). */
  readonly pointerHardening: boolean;
  /** Whether checkpoints are expected to carry a folder signature over their PoF (ADR-0009 notes). */
  readonly signedFolds: boolean;
}

const FAST_FORWARD_ONLY = [
  'refs/gatos/journal/**',
  'refs/gatos/state/**',
  'refs/gatos/policies/**',
  'refs/gatos/audit/**',
  'refs/gatos/mbus/**',
  'refs/gatos/mbus-ack/**',
  'refs/gatos/mbus-commit/**',
  'refs/gatos/jobs/*/claim',
  'refs/gatos/objects',
] as const;

const BUS = { segmentMaxMessages: 100_000, segmentMaxBytes: 192 * 1024 * 1024, ttlDays: 30, summaries: true } as const;

export const PROFILES: Readonly<Record<ProfileName, ProfileSettings>> = {
  default: {
    profile: 'default',
    summary: 'Everyday use: the gate enforces every invariant; the server tunes PoF replay and policy ancestry.',
    proofOfFold: { requiredOnStatePush: true, replay: 'server-config' },
    maxPolicyDepth: 'server-config',
    fastForwardOnly: FAST_FORWARD_ONLY,
    auditRefsAnchored: true,
    bus: BUS,
    pointerHardening: false,
    signedFolds: false,
  },
  research: {
    profile: 'research',
    summary: 'Reproducible research: PoF always replayed, events pinned to the active policy; pointer hardening and signed folds expected.',
    proofOfFold: { requiredOnStatePush: true, replay: 'always' },
    maxPolicyDepth: 0,
    fastForwardOnly: FAST_FORWARD_ONLY,
    auditRefsAnchored: true,
    bus: BUS,
    pointerHardening: true,
    signedFolds: true,
  },
};

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/** The settings in force for a recorded profile name: an unknown or missing name runs as `default`, as the gate does. */
export function profileSettings(name: string): ProfileSettings {
  return isProfileName(name) ? PROFILES[name] : PROFILES.default;
}

/**
 * The `profile:` value of a `config/profile.yaml`, or `default` when the file is absent or names none.
 * Deliberately a one-key line match rather than a YAML parse: the gate reads it on every push.
 */
export function profileNameOf(bytes: Uint8Array | undefined): string {
  if (!bytes) return 'default';
  const m = /^profile:\s*["']?([A-Za-z0-9._-]+)["']?\s*(?:#.*)?$/m.exec(new TextDecoder().decode(bytes));
  return m?.[1] ?? 'default';
}

/** The `config/profile.yaml` text that selects `name`. */
export function profileYaml(name: ProfileName): string {
  return `profile: ${name}\n`;
}
