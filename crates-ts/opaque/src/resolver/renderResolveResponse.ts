import { sha256 } from '@gatos/core';
import type { ResolveOutcome } from './handleResolve.js';

export interface RenderedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body; empty for HEAD (headers still describe the GET body). */
  readonly body: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * The HTTP answer for an outcome (ADR-0016). 200: the stored bytes as `application/octet-stream`, or,
 * when the client accepts `application/json`, `{status, digest, content_type, bytes_b64}`. Either way
 * `Digest: blake3=<hex>` and `X-BLAKE3-Digest: <hex>` name the blob, and `Content-Digest`
 * (RFC 9530, `sha-256=:<base64>:`) covers exactly the body sent. Refusals are JSON `{status, error}`.
 */
export function renderResolveResponse(outcome: ResolveOutcome, request: { method: string; accept: string | undefined }): RenderedResponse {
  const json = request.accept !== undefined && /\bapplication\/json\b/i.test(request.accept);
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  let body: Uint8Array;
  if (outcome.status === 200 && outcome.bytes !== null && outcome.digest !== null) {
    const hex = outcome.digest.slice('blake3:'.length);
    headers['Digest'] = `blake3=${hex}`;
    headers['X-BLAKE3-Digest'] = hex;
    if (json) {
      headers['Content-Type'] = 'application/json';
      body = encoder.encode(JSON.stringify({ status: 200, digest: outcome.digest, content_type: 'application/octet-stream', bytes_b64: Buffer.from(outcome.bytes).toString('base64') }));
    } else {
      headers['Content-Type'] = 'application/octet-stream';
      body = outcome.bytes;
    }
  } else if (outcome.reason === 'health') {
    headers['Content-Type'] = 'application/json';
    body = encoder.encode('{"status":"ok"}');
  } else {
    headers['Content-Type'] = 'application/json';
    body = encoder.encode(JSON.stringify({ status: outcome.status, error: outcome.reason }));
    if (outcome.status === 405) headers['Allow'] = 'GET, HEAD';
    if (outcome.retryAfter !== null) headers['Retry-After'] = String(outcome.retryAfter);
    if (outcome.status === 403 && TOKEN_PROBLEMS.has(outcome.reason)) headers['WWW-Authenticate'] = `Bearer realm="gatos-resolver", error="invalid_token"`;
  }
  headers['Content-Digest'] = `sha-256=:${Buffer.from(sha256(body)).toString('base64')}:`;
  headers['Content-Length'] = String(body.length);
  return { status: outcome.status, headers, body: request.method === 'HEAD' ? new Uint8Array() : body };
}

const TOKEN_PROBLEMS = new Set(['no-token', 'malformed-token', 'alg-not-allowed', 'unknown-subject', 'unknown-key', 'bad-signature', 'expired', 'not-yet-valid', 'issued-in-future', 'wrong-audience', 'missing-claim', 'lifetime-too-long', 'bad-scope']);
