/**
 * The PoE as an in-toto Statement v1 (in-toto/attestation `spec/v1/statement.md`) whose predicate
 * is SLSA Provenance v1 (`https://slsa.dev/provenance/v1`), ADR-0014 "PoE and its in-toto/DSSE
 * form". Pure: the statement is a function of the run's record, so its JCS bytes (the DSSE payload)
 * are the same for the same run. Digests are DigestSets `{blake3, sha256}` of lowercase hex:
 * `blake3` is gatos's content hash (BLAKE3-256), `sha256` is there for standard tooling.
 */
import { blake3Hex, sha256Hex } from '@gatos/core';
import type { JobManifest } from './normalizeManifest.js';
import type { RunnerIdentity } from './runnerIdentity.js';

export const INTOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** The buildType of a gatos job run; its meaning is ADR-0014 (the URI does not resolve). */
export const GATOS_JOB_BUILD_TYPE = 'gatos://build-types/job-run/v1';
export const POE_MEDIA_TYPE = 'application/vnd.gatos.poe+json';
export const RESULT_MEDIA_TYPE = 'application/vnd.gatos.job-result+json';

export interface DigestSet {
  readonly blake3: string;
  readonly sha256: string;
}

/** An in-toto ResourceDescriptor, restricted to the fields gatos writes. */
export interface ResourceDescriptor {
  readonly name?: string;
  readonly uri?: string;
  readonly digest: Readonly<Record<string, string>>;
  readonly mediaType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ProvenanceStatement {
  readonly _type: typeof INTOTO_STATEMENT_V1;
  readonly subject: readonly ResourceDescriptor[];
  readonly predicateType: typeof SLSA_PROVENANCE_V1;
  readonly predicate: {
    readonly buildDefinition: {
      readonly buildType: string;
      readonly externalParameters: { readonly job_id: string; readonly manifest: JobManifest };
      readonly resolvedDependencies: readonly ResourceDescriptor[];
    };
    readonly runDetails: {
      readonly builder: { readonly id: string; readonly version: Readonly<Record<string, string>> };
      readonly metadata: { readonly invocationId: string; readonly startedOn: string; readonly finishedOn: string };
      readonly byproducts: readonly ResourceDescriptor[];
    };
  };
}

/** What the statement says, with every artifact already digested. */
export interface ProvenanceInput {
  readonly jobId: string;
  readonly manifest: JobManifest;
  /** `ed25519:<hex>`: the key that signs both the native PoE and the envelope. */
  readonly workerId: string;
  readonly runner: RunnerIdentity;
  /** `poe.json#started_at` / `finished_at` (RFC 3339, whole seconds). */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The outputs recorded in result.json, in manifest order. */
  readonly outputs: ReadonlyArray<{ readonly path: string; readonly digest: DigestSet }>;
  readonly stdout: DigestSet;
  readonly stderr: DigestSet;
  /** Digests of `poe.json` (its blake3 is the `Proof-Of-Execution` trailer) and `result.json`. */
  readonly poe: DigestSet;
  readonly result: DigestSet;
  readonly status: string;
}

/** `{blake3, sha256}` of some bytes. */
export function digestSet(bytes: Uint8Array): DigestSet {
  return { blake3: blake3Hex(bytes), sha256: sha256Hex(bytes) };
}

/**
 * `builder.id` of a worker: `gatos://worker/` followed by its `Worker-Id` text, so a verifier
 * compares it with the trailer without parsing.
 * @example builderId('ed25519:3d40…') // 'gatos://worker/ed25519:3d40…'
 */
export function builderId(workerId: string): string {
  return `gatos://worker/${workerId}`;
}

/**
 * The subject: the recorded outputs (name = path). A run that recorded no output attests its two
 * streams instead, because an in-toto subject may not be empty.
 */
export function statementSubject(input: Pick<ProvenanceInput, 'outputs' | 'stdout' | 'stderr'>): ResourceDescriptor[] {
  if (input.outputs.length === 0) return [{ name: 'stdout', digest: { ...input.stdout } }, { name: 'stderr', digest: { ...input.stderr } }];
  return input.outputs.map((o) => ({ name: o.path, digest: { ...o.digest } }));
}

/**
 * Builds the Statement of one run.
 * @example canonicalJsonBytes(provenanceStatement(input)) // the DSSE payload
 */
export function provenanceStatement(input: ProvenanceInput): ProvenanceStatement {
  return {
    _type: INTOTO_STATEMENT_V1,
    subject: statementSubject(input),
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: GATOS_JOB_BUILD_TYPE,
        externalParameters: { job_id: input.jobId, manifest: input.manifest },
        resolvedDependencies: (input.manifest.inputs ?? []).map((p) => {
          const hex = p.hash.slice('blake3:'.length);
          return { ...(p.path === undefined ? {} : { name: p.path }), uri: `gatos://objects/blake3/${hex}`, digest: { blake3: hex } };
        }),
      },
      runDetails: {
        builder: { id: builderId(input.workerId), version: { program: input.runner.program, version: input.runner.version, platform: input.runner.platform } },
        metadata: { invocationId: input.jobId, startedOn: input.startedAt, finishedOn: input.finishedAt },
        byproducts: [
          { name: 'poe.json', digest: { ...input.poe }, mediaType: POE_MEDIA_TYPE },
          { name: 'result.json', digest: { ...input.result }, mediaType: RESULT_MEDIA_TYPE, annotations: { status: input.status } },
          { name: 'stdout', digest: { ...input.stdout } },
          { name: 'stderr', digest: { ...input.stderr } },
        ],
      },
    },
  };
}
