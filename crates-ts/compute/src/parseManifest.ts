/** Reads a `job.yaml` (YAML 1.2 core schema, duplicate keys refused) into its canonical manifest. */
import { parse } from 'yaml';
import { jobError } from './errors.js';
import { normalizeManifest, type JobManifest } from './normalizeManifest.js';

const MAX_MANIFEST = 256 * 1024;

/**
 * Parses and normalises a manifest; throws `JOB_BAD_MANIFEST` or `JOB_BAD_TIMEOUT`.
 * @example parseManifest('command: [sh, -c, "echo hi"]\ntimeout: 30s\n').manifest.timeout // 30
 */
export function parseManifest(text: string): { manifest: JobManifest; ulid: string | null } {
  if (text.length > MAX_MANIFEST) {
    throw jobError('JOB_BAD_MANIFEST', `manifest is ${text.length} characters; the limit is ${MAX_MANIFEST}`, { data: { field: '(root)' } });
  }
  let doc: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs") in hostile YAML.
    doc = parse(text, { uniqueKeys: true, maxAliasCount: 100, prettyErrors: false });
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw jobError('JOB_BAD_MANIFEST', `manifest is not valid YAML: ${why}`, { data: { field: '(root)' }, cause: err });
  }
  return normalizeManifest(doc);
}
