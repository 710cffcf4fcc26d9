/** Namespaces (SPEC-DIGEST §1 [R]): one git ref component, `^[a-z0-9][a-z0-9._-]*$`, at most 64 chars. */
import { coreError } from './coreError.js';
import { refComponentProblem } from './refComponent.js';

const NAMESPACE = /^[a-z0-9][a-z0-9._-]*$/;
const MAX_LENGTH = 64;

/**
 * Throws `BAD_NAMESPACE` unless `ns` is a valid namespace.
 * @example assertNamespace('demo') // ok; assertNamespace('Demo') throws
 */
export function assertNamespace(ns: string): void {
  let problem: string | null;
  if (typeof ns !== 'string' || !NAMESPACE.test(ns)) {
    problem = 'must start with a lowercase letter or digit and hold only a-z, 0-9, ".", "_", "-"';
  } else if (ns.length > MAX_LENGTH) {
    problem = `is longer than ${MAX_LENGTH} characters`;
  } else {
    problem = refComponentProblem(ns);
  }
  if (problem !== null) {
    throw coreError('BAD_NAMESPACE', `namespace ${JSON.stringify(String(ns).slice(0, 100))} ${problem} (e.g. "demo", "ops.prod")`, {
      data: { namespace: String(ns).slice(0, 100) },
    });
  }
}
