/**
 * One long-lived `git cat-file --batch` process, with pipelined requests.
 *
 * Protocol (git-cat-file(1), BATCH OUTPUT): for each input line git answers either
 * `<oid> SP <type> SP <size> LF <contents> LF` or `<name> SP missing LF`. Answers come in request
 * order, so a FIFO of waiters is enough. Parsing is binary-safe: bodies are cut by size, never by
 * searching for newlines, and large bodies are gathered chunk by chunk without re-copying.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { GatosError } from '@gatos/core';
import type { GitObjectType, RawObject } from '@gatos/core';
import type { GitAdapterErrorCode } from './errorCodes.js';
import { gitEnv } from './runGit.js';

interface Waiter {
  readonly resolve: (o: RawObject | null) => void;
  readonly reject: (e: unknown) => void;
}

const TYPES: ReadonlySet<string> = new Set(['blob', 'tree', 'commit', 'tag']);

export class CatFileBatch {
  private proc: ChildProcessWithoutNullStreams | null = null;
  private waiters: Waiter[] = [];
  private head = 0;
  private chunks: Buffer[] = [];
  private total = 0;
  /** Header of the object whose body is being received, or null while a header is expected. */
  private body: { type: GitObjectType; size: number } | null = null;
  private stderr = '';

  /**
   * @param gitDir absolute git directory; the process inherits GIT_OBJECT_DIRECTORY etc. from `env`.
   * @param mode `batch` returns contents; `check` (`--batch-check`) only answers existence and type,
   *   with an empty body, so `has()` never pulls a large blob through the pipe.
   */
  constructor(
    private readonly gitDir: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly mode: 'batch' | 'check' = 'batch',
  ) {}

  /**
   * Asks for every name in one write and resolves with the objects in order (`null` = missing).
   * Names must already be validated (no newlines).
   */
  request(names: readonly string[]): Promise<Array<RawObject | null>> {
    if (names.length === 0) return Promise.resolve([]);
    const proc = this.start();
    const promises = names.map(() => new Promise<RawObject | null>((resolve, reject) => this.waiters.push({ resolve, reject })));
    proc.stdin.write(names.join('\n') + '\n');
    return Promise.all(promises);
  }

  /** Stops the process (idempotent); pending requests are rejected. */
  async close(): Promise<void> {
    const proc = this.proc;
    if (proc === null) return;
    this.proc = null;
    const exited = new Promise<void>((resolve) => proc.once('close', () => resolve()));
    proc.stdin.end();
    await exited;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.proc !== null) return this.proc;
    const proc = spawn('git', ['cat-file', this.mode === 'batch' ? '--batch' : '--batch-check'], { cwd: this.gitDir, env: gitEnv({ ...this.env, GIT_DIR: this.gitDir }) });
    this.proc = proc;
    this.stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000);
    });
    proc.stdin.on('error', () => undefined); // reported through 'close'
    proc.on('error', (cause) => this.fail(proc, cause));
    proc.on('close', (code) => this.fail(proc, new Error(`exit ${code ?? 'signal'}`)));
    return proc;
  }

  private fail(proc: ChildProcessWithoutNullStreams, cause: unknown): void {
    if (this.proc === proc) this.proc = null;
    const pending = this.waiters.slice(this.head);
    this.waiters = [];
    this.head = 0;
    this.chunks = [];
    this.total = 0;
    this.body = null;
    if (pending.length === 0) return;
    const err = new GatosError<GitAdapterErrorCode>('GIT_FAILED', `git cat-file --batch stopped with ${pending.length} requests pending: ${this.stderr.trim()}`, {
      cause,
      data: { stderr: this.stderr },
      exitClass: 'internal',
    });
    for (const w of pending) w.reject(err);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.total += chunk.length;
    // While a large body streams in, just collect chunks; concatenate once it is complete.
    if (this.body !== null && this.total < this.body.size + 1) return;
    const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.total);
    let pos = 0;
    for (;;) {
      if (this.body !== null) {
        const end = pos + this.body.size;
        if (end + 1 > buf.length) break;
        this.next().resolve({ type: this.body.type, body: buf.subarray(pos, end) });
        pos = end + 1; // skip the LF after the contents
        this.body = null;
        continue;
      }
      const lf = buf.indexOf(10, pos);
      if (lf < 0) break;
      const line = buf.toString('latin1', pos, lf);
      pos = lf + 1;
      const parts = line.split(' ');
      const last = parts[parts.length - 1];
      if (last === 'missing' || last === 'ambiguous') {
        this.next().resolve(null);
      } else if (parts.length === 3 && TYPES.has(parts[1]!) && /^[0-9]+$/.test(parts[2]!)) {
        if (this.mode === 'check') this.next().resolve({ type: parts[1] as GitObjectType, body: new Uint8Array() });
        else this.body = { type: parts[1] as GitObjectType, size: Number(parts[2]) };
      } else {
        // Out of sync with git: nothing after this point can be trusted.
        const proc = this.proc;
        proc?.kill();
        if (proc !== null) this.fail(proc, new Error(`unexpected cat-file output line: ${line.slice(0, 200)}`));
        return;
      }
    }
    const rest = buf.subarray(pos);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.total = rest.length;
  }

  private next(): Waiter {
    const w = this.waiters[this.head++]!;
    if (this.head > 4096 && this.head * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.head);
      this.head = 0;
    }
    return w;
  }
}
