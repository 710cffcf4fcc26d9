import { request } from 'node:http';
import { blake3Hex, formatPublicKey, type Signer } from '@gatos/core';
import { publishBundle, serializeTrustGraph, withActorKey, withGroup, emptyTrustGraph, type TrustGraph } from '@gatos/policy';
import { makeLedgerFixture, testSigner, type LedgerFixture } from '@gatos/testkit';
import type { BlobStore } from '../../src/index.js';

/** An in-memory BlobStore that records every lookup, so tests can prove what the resolver read. */
export class MapBlobStore implements BlobStore {
  readonly blobs = new Map<string, Uint8Array>();
  readonly lookups: string[] = [];

  async put(bytes: Uint8Array): Promise<{ hash: string; size: number }> {
    const hash = `blake3:${blake3Hex(bytes)}`;
    this.blobs.set(hash, bytes);
    return { hash, size: bytes.length };
  }

  async get(hash: string): Promise<Uint8Array | null> {
    this.lookups.push(hash);
    return this.blobs.get(hash) ?? null;
  }

  async has(hash: string): Promise<boolean> {
    this.lookups.push(hash);
    return this.blobs.has(hash);
  }
}

export interface ResolverFixture {
  readonly fx: LedgerFixture;
  readonly alice: Signer;
  readonly bob: Signer;
  /** Not in the trust graph. */
  readonly mallory: Signer;
  /** In the trust graph with a revoked key only. */
  readonly dave: Signer;
}

export const RESOLVER_RULES = JSON.stringify({
  version: 1,
  classes: { medical: { readers: ['@clinicians'] }, public: { readers: ['*'] } },
});

/** A repository whose active policy trusts alice and bob, revokes dave's key, and holds `rules` as config/resolver.json. */
export async function makeResolverFixture(rules: string | null = RESOLVER_RULES): Promise<ResolverFixture> {
  const fx = await makeLedgerFixture(['user:alice', 'user:bob']);
  const alice = fx.signers['user:alice']!;
  const bob = fx.signers['user:bob']!;
  const dave = testSigner('user:dave');
  await publishPolicy(fx, trustGraph(alice, bob, dave), rules);
  return { fx, alice, bob, mallory: testSigner('user:mallory'), dave };
}

export function trustGraph(alice: Signer, bob: Signer, dave: Signer): TrustGraph {
  let graph = withActorKey(withActorKey(emptyTrustGraph(), 'user:alice', formatPublicKey(alice.publicKey)), 'user:bob', formatPublicKey(bob.publicKey));
  graph = { ...graph, actors: { ...graph.actors, 'user:dave': { keys: [], revoked_keys: [formatPublicKey(dave.publicKey)] } } };
  return withGroup(graph, 'clinicians', ['user:alice']);
}

export async function publishPolicy(fx: LedgerFixture, graph: TrustGraph, rules: string | null): Promise<void> {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const files = new Map([
    ['config/profile.yaml', enc('profile: default\n')],
    ['trust/graph.json', enc(serializeTrustGraph(graph))],
    ...(rules === null ? [] : [['config/resolver.json', enc(rules)] as [string, Uint8Array]]),
  ]);
  await publishBundle(fx.repo, files, fx.signers['user:alice']!);
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** One HTTP request with the target sent exactly as given (fetch would normalise dot segments and escapes). */
export function rawRequest(baseUrl: string, target: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port: Number(port), method: options.method ?? 'GET', path: target, headers: { Connection: 'close', ...options.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A compact JWS over `header` and `claims` signed by `sign` (for hand-made hostile tokens). */
export function compactJws(header: object, claims: object, sign: (input: Uint8Array) => Uint8Array): string {
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
  return `${input}.${Buffer.from(sign(new TextEncoder().encode(input))).toString('base64url')}`;
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
