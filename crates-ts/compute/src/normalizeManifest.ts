/**
 * The canonical job manifest (SPEC-DIGEST §7, §13, ADR-0002 of the reference, I34). Normalising:
 * `args` is always present (`[]` when absent), `timeout` becomes integer seconds, `env` is kept as
 * given (an object of values, or an array of names passed through), `inputs`/`outputs` keep their
 * order, absent optionals stay absent, and `ulid` is an alias that is never hashed.
 * The input is attacker-controlled: every field is checked and unknown fields are refused.
 */
import { assertUlid, isGatosError } from '@gatos/core';
import { jobError } from './errors.js';
import { parseTimeout } from './parseTimeout.js';

/**
 * A content-addressed input (`kind: blobptr`, SPEC-DIGEST §7), materialised into the work directory
 * at `path` (default `inputs/<hex>`) before the run.
 */
export interface BlobPointer {
  readonly kind: 'blobptr';
  readonly algo: 'blake3';
  readonly hash: string;
  readonly size?: number;
  /** Where the bytes are written, relative to the work directory (an optional gatos extension). */
  readonly path?: string;
}

/** The hashed core of a job manifest. */
export interface JobManifest {
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly timeout: number;
  /** Values to set (`{NAME: value}`) or names to pass through from the runner's environment. */
  readonly env?: Readonly<Record<string, string>> | readonly string[];
  readonly cwd?: string;
  readonly inputs?: readonly BlobPointer[];
  /** Files (relative to the work directory) recorded by content id after the run. */
  readonly outputs?: readonly string[];
  readonly policy_root?: string;
}

const FIELDS = new Set(['command', 'args', 'timeout', 'env', 'cwd', 'inputs', 'outputs', 'policy_root', 'ulid']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BLAKE3 = /^blake3:[0-9a-f]{64}$/;
const SHA256 = /^sha256:[0-9a-f]{64}$/;

function bad(field: string, why: string): never {
  throw jobError('JOB_BAD_MANIFEST', `manifest field "${field}" ${why}`, { data: { field } });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function strings(v: unknown, field: string, min: number): string[] {
  if (!Array.isArray(v) || v.length < min || !v.every((s) => typeof s === 'string' && !s.includes('\0'))) {
    return bad(field, `must be an array of ${min > 0 ? `at least ${min} ` : ''}strings without NUL`);
  }
  return [...(v as string[])];
}

function env(v: unknown): JobManifest['env'] {
  if (Array.isArray(v)) {
    const names = strings(v, 'env', 0);
    for (const n of names) if (!ENV_NAME.test(n)) bad('env', `names a variable ${JSON.stringify(n.slice(0, 40))} that is not [A-Za-z_][A-Za-z0-9_]*`);
    if (new Set(names).size !== names.length) bad('env', 'names a variable twice');
    return names;
  }
  if (!isPlainObject(v)) return bad('env', 'must be an object of NAME: "value" or an array of names to pass through');
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (!ENV_NAME.test(k)) bad('env', `names a variable ${JSON.stringify(k.slice(0, 40))} that is not [A-Za-z_][A-Za-z0-9_]*`);
    if (typeof value !== 'string' || value.includes('\0')) bad('env', `value of ${k} must be a string without NUL`);
    out[k] = value;
  }
  return out;
}

function inputs(v: unknown): BlobPointer[] {
  if (!Array.isArray(v)) return bad('inputs', 'must be an array of {kind: blobptr, algo: blake3, hash: "blake3:<hex>", size?}');
  const seen = new Set<string>();
  return v.map((p, i) => {
    const where = `inputs[${i}]`;
    if (isPlainObject(p)) {
      const target = typeof p.path === 'string' ? p.path : `inputs/${String(p.hash).replace(/^blake3:/, '')}`;
      if (seen.has(target)) bad(where, `writes ${target}, which an earlier input already writes`);
      seen.add(target);
    }
    if (!isPlainObject(p)) return bad(where, 'must be an object');
    const { kind, algo, hash, size, path, ...extra } = p;
    if (Object.keys(extra).length > 0) bad(where, `has unknown field(s) ${Object.keys(extra).join(', ')}`);
    if (kind !== 'blobptr' || algo !== 'blake3') bad(where, 'must have kind "blobptr" and algo "blake3"');
    if (typeof hash !== 'string' || !BLAKE3.test(hash)) bad(where, 'hash must be "blake3:<64 lowercase hex>"');
    if (size !== undefined && !(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)) bad(where, 'size must be a whole number ≥ 0');
    if (path !== undefined && (typeof path !== 'string' || !relativePath(path))) bad(where, 'path must be a relative path inside the work directory (no "..", no leading "/")');
    return { kind: 'blobptr', algo: 'blake3', hash: hash as string, ...(size === undefined ? {} : { size: size as number }), ...(path === undefined ? {} : { path: path as string }) };
  });
}

/**
 * Checks a decoded manifest and returns its canonical core and its `ulid` alias (if any).
 * Throws `JOB_BAD_MANIFEST` (data.field) or `JOB_BAD_TIMEOUT`.
 * @example normalizeManifest({ command: ['/bin/echo'], timeout: '30s' }).manifest // { args: [], command: ['/bin/echo'], timeout: 30 }
 */
export function normalizeManifest(doc: unknown): { manifest: JobManifest; ulid: string | null } {
  if (!isPlainObject(doc)) return bad('(root)', 'must be a mapping (e.g. command: [sh, -c, "echo hi"])');
  const unknown = Object.keys(doc).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0) bad(unknown[0]!, `is not a manifest field (allowed: ${[...FIELDS].join(', ')})`);
  if (doc.timeout === undefined) bad('timeout', 'is required (e.g. timeout: 30s)');
  const manifest: Record<string, unknown> = {
    command: strings(doc.command, 'command', 1),
    args: doc.args === undefined ? [] : strings(doc.args, 'args', 0),
    timeout: parseTimeout(doc.timeout),
  };
  if (doc.env !== undefined) manifest.env = env(doc.env);
  if (doc.cwd !== undefined) {
    if (typeof doc.cwd !== 'string' || doc.cwd === '' || doc.cwd.includes('\0')) bad('cwd', 'must be a non-empty string');
    manifest.cwd = doc.cwd;
  }
  if (doc.inputs !== undefined) manifest.inputs = inputs(doc.inputs);
  if (doc.outputs !== undefined) manifest.outputs = strings(doc.outputs, 'outputs', 0);
  if (doc.policy_root !== undefined) {
    if (typeof doc.policy_root !== 'string' || !SHA256.test(doc.policy_root)) bad('policy_root', 'must be "sha256:<64 lowercase hex>"');
    manifest.policy_root = doc.policy_root;
  }
  let ulid: string | null = null;
  if (doc.ulid !== undefined) {
    try {
      assertUlid(doc.ulid as string);
    } catch (err) {
      if (isGatosError(err)) bad('ulid', `is not a ULID (${err.message})`);
      throw err;
    }
    ulid = doc.ulid as string;
  }
  return { manifest: manifest as unknown as JobManifest, ulid };
}

/** A path that stays inside the directory it is joined to. */
function relativePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\0') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
