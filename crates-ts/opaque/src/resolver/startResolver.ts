import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { formatTimestamp, systemClock, type Clock, type ObjectStore, type RefStore } from '@gatos/core';
import type { BlobStore } from '../blobStore.js';
import { ActiveResolverPolicy } from './activeResolverPolicy.js';
import { normaliseAudience } from './audience.js';
import { NO_CLASSES, type BlobClassIndex } from './blobClassIndex.js';
import { DenyAuditBudget } from './denyAuditBudget.js';
import { handleResolve, type ResolveDeps, type ResolveOutcome } from './handleResolve.js';
import { renderResolveResponse } from './renderResolveResponse.js';
import { ResolveAuditLog } from './resolveAuditLog.js';
import type { ResolveAuditRecord } from './resolveAuditRecord.js';
import { DEFAULT_RESOLVER_LIMITS, type ResolverLimits } from './resolverLimits.js';
import { TokenBuckets } from './tokenBuckets.js';
import { VerifyKeyCache } from './verifyResolverToken.js';

export interface ResolverOptions {
  /** The repository: the active policy is read from it and the audit chain written to it. */
  readonly store: { objects: ObjectStore; refs: RefStore };
  readonly blobs: BlobStore;
  readonly classes?: BlobClassIndex;
  readonly clock?: Clock;
  /** Address to bind (default `127.0.0.1`). */
  readonly host?: string;
  /** Port (default 0: any free port; read it from `url`). */
  readonly port?: number;
  /** The `aud` tokens must carry (default: the server's own base URL). */
  readonly audience?: string;
  readonly limits?: Partial<ResolverLimits>;
  /** Called after each decision is recorded (or counted for a summary), before the answer is sent. */
  readonly onDecision?: (record: ResolveAuditRecord, audited: boolean) => void;
}

export interface ResolverStats {
  readonly requests: number;
  readonly allowed: number;
  readonly denied: number;
  /** Records on the audit chain written by this server (summaries included). */
  readonly audited: number;
  /** Refusals over the audit budget, written only as part of a summary. */
  readonly summarised: number;
  /** Answers of 503 because the audit record could not be written. */
  readonly auditFailures: number;
}

export interface ResolverServer {
  /** `http://<host>:<port>`. */
  readonly url: string;
  readonly audience: string;
  stats(): ResolverStats;
  /** Stops accepting, lets requests in flight finish, writes pending summaries, flushes the audit log. */
  close(): Promise<ResolverStats>;
}

/**
 * Starts the resolver (SPEC-DIGEST §8, ADR-0016): `GET|HEAD /resolve/blake3/<hex>` with a bearer JWT,
 * `GET /healthz`; nothing else. Each request's decision is appended to `refs/gatos/audit/resolve`
 * before the answer is sent; if that fails the answer is 503 and no bytes leave. Limits: request head
 * size and time, target length, no bodies, per-client and per-subject rates, a DENY audit budget.
 *
 * @example
 * const server = await startResolver({ store: repo, blobs, port: 0 });
 * console.log(server.url); // http://127.0.0.1:41234
 * await server.close();
 */
export async function startResolver(options: ResolverOptions): Promise<ResolverServer> {
  const clock = options.clock ?? systemClock;
  const limits: ResolverLimits = { ...DEFAULT_RESOLVER_LIMITS, ...options.limits };
  const audit = new ResolveAuditLog(options.store);
  const budget = new DenyAuditBudget({ perClient: limits.denyAuditPerClient, global: limits.denyAuditGlobal }, clock);
  const stats = { requests: 0, allowed: 0, denied: 0, audited: 0, summarised: 0, auditFailures: 0 };
  const inFlight = new Set<Promise<void>>();
  let deps: ResolveDeps | null = null;

  const server = createServer({
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node checks the two timeouts only this often (default 30 s); a quarter of the head timeout keeps them tight.
    connectionsCheckingInterval: Math.max(10, Math.min(30_000, Math.floor(limits.headersTimeoutMs / 4))),
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;

  /** Appends `rec` (unless a budgeted refusal is over the budget: then it is counted for a summary). */
  const record = async (rec: ResolveAuditRecord, budgeted: boolean): Promise<void> => {
    if (budgeted && !budget.admit(rec)) {
      stats.summarised += 1;
      options.onDecision?.(rec, false);
      return;
    }
    const summary = budget.takeSummary(rec.aud);
    await Promise.all([summary ? audit.append(summary) : null, audit.append(rec)]);
    stats.audited += summary ? 2 : 1;
    options.onDecision?.(rec, true);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.requests += 1;
    const hasBody = (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;
    let outcome: ResolveOutcome = await handleResolve(
      { method: req.method ?? '', target: req.url ?? '', authorization: req.headers.authorization, remote: req.socket.remoteAddress ?? null, hasBody },
      deps!,
    );
    if (outcome.record !== null) {
      if (outcome.record.decision === 'ALLOW') stats.allowed += 1;
      else stats.denied += 1;
      try {
        await record(outcome.record, outcome.budgeted);
      } catch {
        stats.auditFailures += 1;
        outcome = { ...outcome, status: 503, reason: 'audit-unavailable', bytes: null, digest: null, retryAfter: 5 };
      }
    }
    const answer = renderResolveResponse(outcome, { method: req.method ?? 'GET', accept: req.headers.accept });
    // A refused body is never read: close the connection rather than parse what follows it.
    if (hasBody) res.shouldKeepAlive = false;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const p = serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end('{"status":500,"error":"internal"}');
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  });

  // Malformed, oversized or slow request heads never reach 'request'; they are refused (and audited, within the budget) here.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, text] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'headers-too-large', 'Request Header Fields Too Large'] as const
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request-timeout', 'Request Timeout'] as const
      : [400, 'bad-request', 'Bad Request'] as const;
    const rec: ResolveAuditRecord = {
      ts: formatTimestamp(Math.floor(clock.now() / 1000)), alg: 'blake3', digest: null, sub: null, claimed_sub: null, aud: audience,
      decision: 'DENY', reason, detail: `the request head was refused before routing (${String(err.code ?? 'parse error')})`, status, class: null,
      remote: socket.remoteAddress ?? null, count: 1,
    };
    stats.requests += 1;
    stats.denied += 1;
    const p = record(rec, true)
      .catch(() => void (stats.auditFailures += 1))
      .finally(() => socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('resolver: the server has no TCP address');
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const audience = normaliseAudience(options.audience ?? url);
  deps = {
    audience,
    policy: new ActiveResolverPolicy(options.store, clock, limits.policyRefreshMs),
    blobs: options.blobs,
    classes: options.classes ?? NO_CLASSES,
    clock,
    limits,
    perClient: new TokenBuckets(limits.perClient, clock),
    perSubject: new TokenBuckets(limits.perSubject, clock),
    keys: new VerifyKeyCache(),
  };

  const writeSummary = async (): Promise<void> => {
    const summary = budget.takeSummary(audience);
    if (summary === null) return;
    await audit.append(summary);
    stats.audited += 1;
  };
  const timer = setInterval(() => void writeSummary().catch(() => undefined), limits.denySummaryIntervalMs);
  timer.unref();

  let closing: Promise<ResolverStats> | null = null;
  return {
    url,
    audience,
    stats: () => ({ ...stats }),
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await stopped;
        await writeSummary().catch(() => undefined);
        await audit.flush();
        return { ...stats };
      })()),
  };
}
