import { decodeCommit, formatPublicKey, parseMessage, parsePublicKey, trailerValue, type ObjectStore } from '@gatos/core';
import { isActorKey, type PolicyBundle } from '@gatos/policy';
import type { Violation } from './violation.js';

/** What an authoriser is asked about: moving `refs/gatos/policies/active` from `active` through `chain`. */
export interface PolicyUpdateRequest {
  readonly ref: string;
  /** The bundle active in the gate before the push. */
  readonly active: PolicyBundle;
  /** Every new bundle, oldest first; the last one becomes active. Each already loaded and well formed. */
  readonly chain: readonly PolicyBundle[];
  readonly objects: ObjectStore;
}

/**
 * Decides whether a well-formed, descending policy update may take effect. This is the extension
 * point for governance (proposals, quorum approvals and grants, issue #4 later): a governance
 * authoriser replaces the default and reports `gatos.policy.unauthorised` with its own reasons.
 */
export interface PolicyUpdateAuthoriser {
  /** Resolves with the reasons to refuse (empty = authorised). Must not write anything. */
  authorise(request: PolicyUpdateRequest): Promise<Violation[]>;
}

/**
 * The default: each new bundle must be signed (its `Signer` trailer, whose signature `loadBundle`
 * already checked) by a current key of its `Published-By` actor in the trust graph of the bundle
 * before it — for a single update, the currently active bundle. So only actors the active policy
 * trusts can change it, and a chain of updates cannot smuggle in a key that vouches for itself.
 *
 * @example
 * const violations = await publisherTrustedAuthoriser.authorise({ ref, active, chain, objects });
 */
export const publisherTrustedAuthoriser: PolicyUpdateAuthoriser = {
  async authorise({ ref, active, chain, objects }) {
    const out: Violation[] = [];
    let previous = active;
    for (const bundle of chain) {
      const raw = await objects.read(bundle.commit);
      const key = formatPublicKey(parsePublicKey(trailerValue(parseMessage(decodeCommit(raw.body).message).trailers, 'Signer')));
      if (!isActorKey(previous.trust, bundle.publishedBy, key)) {
        out.push({
          rule: 'gatos.policy.unauthorised',
          ref,
          commit: bundle.commit,
          actor: bundle.publishedBy,
          reason: `bundle ${bundle.commit} is signed by ${bundle.publishedBy} with ${key}, which policy ${previous.commit} does not trust (publish it as an actor the active policy trusts)`,
        });
      }
      previous = bundle;
    }
    return out;
  },
};
