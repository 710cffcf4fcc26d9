import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { spawn } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  /** Smart-HTTP URL of a repository under the project root, e.g. `url('remote.git')`. */
  url(repoName: string): string;
  /** Stops the server (and waits for it). Idempotent. */
  close(): Promise<void>;
}

export interface GitHttpServerOptions {
  /** `REMOTE_USER` passed to git (as a web server would after authentication). */
  readonly remoteUser?: string;
  /** Extra environment for `git http-backend` and so for the hooks it runs. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * A real smart-HTTP git server for tests: node:http on 127.0.0.1 (ephemeral port) running
 * `git http-backend` as CGI (git-http-backend(1)) for repositories under `projectRoot`.
 * Pushes are enabled for every repository (`http.receivepack=true` via GIT_CONFIG_COUNT), so hooks
 * run exactly as on a real server and their stderr reaches the client as `remote:` lines.
 * Request bodies are buffered; gzip bodies are inflated first. Tests must `close()` what they start.
 *
 * @example
 * const server = await startGitHttpServer(dir);
 * try { git('push', server.url('remote.git'), 'refs/gatos/*:refs/gatos/*'); } finally { await server.close(); }
 */
export async function startGitHttpServer(projectRoot: string, options: GitHttpServerOptions = {}): Promise<GitHttpServer> {
  const server = createServer((req, res) => {
    void handle(projectRoot, options, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`git http-backend failed: ${String(err)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | null = null;
  return {
    url: (repoName) => `http://127.0.0.1:${port}/${repoName}`,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

async function handle(projectRoot: string, options: GitHttpServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body = Buffer.concat(chunks);
  if (/gzip/i.test(String(req.headers['content-encoding'] ?? ''))) body = gunzipSync(body);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: String(req.headers['content-type'] ?? ''),
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: '127.0.0.1',
    ...(req.headers['git-protocol'] ? { HTTP_GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    ...(options.remoteUser ? { REMOTE_USER: options.remoteUser } : {}),
  };
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  child.stdin.end(body);
  child.stderr.resume();
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = findHeaderEnd(head);
    if (end === null) return;
    headersDone = true;
    const { status, headers } = parseCgiHeaders(head.subarray(0, end.at).toString('latin1'));
    res.writeHead(status, headers);
    res.write(head.subarray(end.at + end.length));
  });
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  if (!headersDone) res.writeHead(502, { 'Content-Type': 'text/plain' });
  res.end();
}

/** Where the CGI header block ends (`\r\n\r\n` or `\n\n`). */
function findHeaderEnd(buf: Buffer): { at: number; length: number } | null {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  return lf >= 0 ? { at: lf, length: 2 } : null;
}

/** CGI response headers (RFC 3875 §6.3): `Status: 404 Not Found` sets the HTTP status. */
function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
    else headers[name] = value;
  }
  return { status, headers };
}
