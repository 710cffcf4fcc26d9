/**
 * Runs one job process: argv spawned directly (never through a shell, so manifest strings are not
 * interpolated), in its own process group so the timeout can kill everything it started, with
 * stdout/stderr captured up to a cap (the rest is drained and dropped, and the truncation recorded).
 */
import { spawn } from 'node:child_process';

export interface CapturedStream {
  readonly bytes: Uint8Array;
  readonly truncated: boolean;
}

export interface Execution {
  /** Exit status, or null when the process was ended by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** Why the process could not be started (e.g. `ENOENT`), else null. */
  readonly spawnError: string | null;
  readonly stdout: CapturedStream;
  readonly stderr: CapturedStream;
}

export interface ExecuteOptions {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Bytes kept per stream (default 1 MiB). */
  readonly maxStreamBytes?: number;
  /** Aborting kills the process group at once (e.g. the job was cancelled while it ran). */
  readonly signal?: AbortSignal;
}

export const DEFAULT_MAX_STREAM_BYTES = 1024 * 1024;

function capture(stream: NodeJS.ReadableStream | null, cap: number): () => CapturedStream {
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  stream?.on('data', (chunk: Buffer) => {
    const room = cap - kept;
    if (chunk.length > room) truncated = true;
    if (room > 0) {
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(part);
      kept += part.length;
    }
  });
  return () => ({ bytes: new Uint8Array(Buffer.concat(chunks)), truncated });
}

/** Kills the whole process group; it may already be gone. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: every process of the group has exited already.
  }
}

/**
 * Runs `argv` and resolves once it and its stdio have ended. Never rejects for the job's own failures:
 * a missing program, a non-zero exit, a signal or the timeout are all recorded in the `Execution`.
 * @example await executeCommand({ argv: ['echo', 'hi'], cwd: dir, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 30_000 })
 */
export function executeCommand(options: ExecuteOptions): Promise<Execution> {
  const cap = options.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES;
  return new Promise((resolve) => {
    const child = spawn(options.argv[0]!, options.argv.slice(1), {
      cwd: options.cwd,
      env: { ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const stdout = capture(child.stdout, cap);
    const stderr = capture(child.stderr, cap);
    let timedOut = false;
    let spawnError: string | null = null;
    let exit: { code: number | null; signal: string | null } = { code: null, signal: null };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    const onAbort = (): void => killGroup(child.pid);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code ?? err.message;
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Background children may hold the pipes open; the job ends when its main process does.
      killGroup(child.pid);
    });
    child.on('close', () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode: exit.code, signal: exit.signal, timedOut, spawnError, stdout: stdout(), stderr: stderr() });
    });
  });
}
