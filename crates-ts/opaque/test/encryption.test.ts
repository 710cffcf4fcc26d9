/** Encryption without a store: round trips, recipients, tampering and rekeying (ADR-0015, SPEC-DIGEST §12 item 43). */
import { describe, expect, it } from 'vitest';
import { blake3, formatPublicKey, GatosError, publicKeyFromSeed } from '@gatos/core';
import { emptyTrustGraph, withActorKey, withGroup, type TrustGraph } from '@gatos/policy';
import {
  decryptBlob, encryptBlob, formatPointer, parsePointer, recipientKeyFromSeed, resolveRecipients, unwrapContentKey,
  type OpaquePointer,
} from '../src/index.js';
import { rewrapBlob } from '../src/encryptBlob.js';
import { wrapAad } from '../src/associatedData.js';
import { wrapKey } from '../src/wrapKey.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const seedOf = (actor: string): Uint8Array => blake3(utf8(`gatos-test-key:${actor}`));
const keyOf = (actor: string): string => formatPublicKey(publicKeyFromSeed(seedOf(actor)));
const me = (actor: string) => recipientKeyFromSeed(seedOf(actor));

async function refused(p: Promise<unknown>, code: string): Promise<GatosError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err, `expected ${code}`).toBeInstanceOf(GatosError);
  expect((err as GatosError).code).toBe(code);
  return err as GatosError;
}

/** A copy of `p` edited as an attacker with write access to the pointer might. */
function edited(p: OpaquePointer, edit: (o: Record<string, any>) => void): OpaquePointer {
  const o = JSON.parse(formatPointer(p)) as Record<string, any>;
  edit(o);
  return o as unknown as OpaquePointer;
}

const flip = (b: Uint8Array, at: number): Uint8Array => {
  const c = b.slice();
  c[at]! ^= 1;
  return c;
};

describe('encryptBlob / decryptBlob', () => {
  it('round-trips for one recipient; the pointer carries the bucket, not the length', async () => {
    const { pointer, ciphertext } = await encryptBlob(utf8('hello'), [keyOf('user:alice')]);
    expect(pointer.size).toBe(1024);
    expect(ciphertext.length).toBe(1024 + 16);
    expect(text(await decryptBlob(pointer, ciphertext, me('user:alice')))).toBe('hello');
  });

  it('round-trips for several recipients, each with their own key', async () => {
    const actors = ['user:alice', 'user:bob', 'agent:ci'];
    const { pointer, ciphertext } = await encryptBlob(utf8('shared secret'), actors.map(keyOf), { class: 'pii' });
    expect(pointer.encrypted_meta.recipients.map((r) => r.key)).toEqual(actors.map(keyOf).sort());
    for (const a of actors) expect(text(await decryptBlob(pointer, ciphertext, me(a)))).toBe('shared secret');
  });

  it('refuses a non-recipient with OPAQUE_NOT_RECIPIENT (a failed check, exit 1)', async () => {
    const { pointer, ciphertext } = await encryptBlob(utf8('for alice only'), [keyOf('user:alice')]);
    const err = await refused(decryptBlob(pointer, ciphertext, me('user:mallory')), 'OPAQUE_NOT_RECIPIENT');
    expect(err.exitClass).toBe('check');
    expect(err.message).toMatch(/^not a recipient/);
  });

  it('reveals only the bucket: lengths 0 and 1023 look alike, 1024 moves up a bucket', async () => {
    const sizes = await Promise.all([0, 1023, 1024, 5000].map(async (n) => (await encryptBlob(new Uint8Array(n), [keyOf('user:alice')])).ciphertext.length));
    expect(sizes).toEqual([1040, 1040, 4112, 16400]);
  });

  it('never gives the same pointer twice for the same plaintext (fresh key, nonce and ephemeral key)', async () => {
    const a = await encryptBlob(utf8('same'), [keyOf('user:alice')]);
    const b = await encryptBlob(utf8('same'), [keyOf('user:alice')]);
    expect(a.pointer.ciphertext_hash).not.toBe(b.pointer.ciphertext_hash);
    expect(a.pointer.encrypted_meta.iv).not.toBe(b.pointer.encrypted_meta.iv);
  });
});

describe('tampering is detected', () => {
  const setup = () => encryptBlob(utf8('ledger of salaries'), [keyOf('user:alice'), keyOf('user:bob')], { class: 'pii' });

  it('altered ciphertext bytes fail the ciphertext_hash (OPAQUE_INTEGRITY)', async () => {
    const { pointer, ciphertext } = await setup();
    await refused(decryptBlob(pointer, flip(ciphertext, 10), me('user:alice')), 'OPAQUE_INTEGRITY');
  });

  it('altered ciphertext with a matching forged ciphertext_hash fails authentication (OPAQUE_TAMPERED)', async () => {
    const { pointer, ciphertext } = await setup();
    const bad = flip(ciphertext, 10);
    const { blobHash } = await import('../src/blobHash.js');
    // The hash is bound into every wrap, so the forged hash already breaks the unwrap.
    await refused(decryptBlob(edited(pointer, (o) => { o.ciphertext_hash = blobHash(bad); }), bad, me('user:alice')), 'OPAQUE_TAMPERED');
  });

  it('truncated or extended data is refused before decryption (OPAQUE_INTEGRITY)', async () => {
    const { pointer, ciphertext } = await setup();
    const err = await refused(decryptBlob(pointer, ciphertext.subarray(0, ciphertext.length - 1), me('user:alice')), 'OPAQUE_INTEGRITY');
    expect(err.message).toContain('truncated');
    await refused(decryptBlob(pointer, ciphertext.subarray(0, 16), me('user:alice')), 'OPAQUE_INTEGRITY');
    await refused(decryptBlob(pointer, new Uint8Array([...ciphertext, 0]), me('user:alice')), 'OPAQUE_INTEGRITY');
  });

  it('an altered nonce, key commitment, enc, wrapped key, class or recipient list is refused (OPAQUE_TAMPERED)', async () => {
    const { pointer, ciphertext } = await setup();
    const other = (s: string): string => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const edits: Array<[string, (o: Record<string, any>) => void]> = [
      ['nonce', (o) => { o.encrypted_meta.iv = other(o.encrypted_meta.iv); }],
      ['key commitment', (o) => { o.encrypted_meta.key_commitment = other(o.encrypted_meta.key_commitment); }],
      ['enc', (o) => { for (const r of o.encrypted_meta.recipients) r.enc = other(r.enc); }],
      ['wrapped key', (o) => { for (const r of o.encrypted_meta.recipients) r.wrapped = other(r.wrapped); }],
      ['class', (o) => { o.class = 'public'; }],
      ['class removed', (o) => { delete o.class; }],
      ['recipient removed', (o) => { o.encrypted_meta.recipients = o.encrypted_meta.recipients.filter((r: { key: string }) => r.key === keyOf('user:alice')); }],
    ];
    for (const [name, edit] of edits) {
      const err = await refused(decryptBlob(edited(pointer, edit), ciphertext, me('user:alice')), 'OPAQUE_TAMPERED');
      expect(err.message, name).toMatch(/does not open|key_commitment|does not authenticate/);
    }
  });

  it('a pointer whose size was moved to another bucket does not match its ciphertext (OPAQUE_INTEGRITY)', async () => {
    const { pointer, ciphertext } = await setup();
    await refused(decryptBlob(edited(pointer, (o) => { o.size = 4096; }), ciphertext, me('user:alice')), 'OPAQUE_INTEGRITY');
  });

  it('a recipient handed a different content key than the others is refused (key commitment)', async () => {
    // Setup: a dishonest writer re-wraps another key to bob, with a correct header binding.
    const { pointer, ciphertext } = await setup();
    const m = pointer.encrypted_meta;
    const aad = wrapAad({ ciphertext_hash: pointer.ciphertext_hash, size: pointer.size, class: 'pii', iv: m.iv, key_commitment: m.key_commitment, keys: m.recipients.map((r) => r.key) });
    const forged = await wrapKey(new Uint8Array(32).fill(7), me('user:bob').x25519PublicKey, aad);
    const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
    const p = edited(pointer, (o) => {
      const bob = o.encrypted_meta.recipients.find((r: { key: string }) => r.key === keyOf('user:bob'));
      bob.enc = b64(forged.enc);
      bob.wrapped = b64(forged.wrapped);
    });
    // Test: alice still reads it; bob's key opens but does not match the commitment.
    expect(text(await decryptBlob(p, ciphertext, me('user:alice')))).toBe('ledger of salaries');
    const err = await refused(decryptBlob(p, ciphertext, me('user:bob')), 'OPAQUE_TAMPERED');
    expect(err.message).toContain('key_commitment');
  });
});

describe('rewrapBlob (rekey without rotation)', () => {
  it('re-wraps for a new set, keeps the ciphertext, and only a current recipient can do it', async () => {
    const { pointer, ciphertext } = await encryptBlob(utf8('minutes'), [keyOf('user:alice'), keyOf('user:bob')]);
    const next = await rewrapBlob(pointer, me('user:alice'), [keyOf('user:alice'), keyOf('user:carol')]);
    expect(next.ciphertext_hash).toBe(pointer.ciphertext_hash);
    expect(text(await decryptBlob(next, ciphertext, me('user:carol')))).toBe('minutes');
    await refused(decryptBlob(next, ciphertext, me('user:bob')), 'OPAQUE_NOT_RECIPIENT');
    await refused(rewrapBlob(pointer, me('user:mallory'), [keyOf('user:mallory')]), 'OPAQUE_NOT_RECIPIENT');
    // Bob was removed from the wraps, but a key he unwrapped earlier still opens this same ciphertext:
    // only rotation (a new content key) shuts him out, see blobStores.test.ts.
    const bobKey = await unwrapContentKey(pointer, me('user:bob'));
    expect(bobKey).toEqual(await unwrapContentKey(next, me('user:alice')));
  });
});

describe('resolveRecipients', () => {
  const trust = (): TrustGraph => {
    let g = emptyTrustGraph();
    for (const a of ['user:alice', 'user:bob', 'user:carol']) g = withActorKey(g, a, keyOf(a));
    g = withActorKey(g, 'user:alice', keyOf('user:alice-laptop'));
    return withGroup(withGroup(g, '@auditors', ['user:bob', 'user:carol']), '@empty', []);
  };

  it('expands groups to members and actors to every current key, sorted, without duplicates', () => {
    const r = resolveRecipients(trust(), ['@auditors', 'user:alice', 'user:bob']);
    expect(r.map((x) => x.key)).toEqual([keyOf('user:alice'), keyOf('user:alice-laptop'), keyOf('user:bob'), keyOf('user:carol')].sort());
    expect(new Set(r.map((x) => x.actor))).toEqual(new Set(['user:alice', 'user:bob', 'user:carol']));
  });

  it('leaves out revoked keys', () => {
    const g = trust();
    const revoked: TrustGraph = { ...g, actors: { ...g.actors, 'user:alice': { keys: g.actors['user:alice']!.keys, revoked_keys: [keyOf('user:alice-laptop')] } } };
    expect(resolveRecipients(revoked, ['user:alice']).map((x) => x.key)).toEqual([keyOf('user:alice')]);
  });

  it('names an unknown actor or group, and an empty group, precisely', () => {
    const err = (names: string[]): GatosError => {
      try {
        resolveRecipients(trust(), names);
      } catch (e) {
        return e as GatosError;
      }
      throw new Error('expected an error');
    };
    expect(err(['user:dave'])).toMatchObject({ code: 'OPAQUE_UNKNOWN_RECIPIENT', data: { recipient: 'user:dave' } });
    expect(err(['@nobody'])).toMatchObject({ code: 'OPAQUE_UNKNOWN_RECIPIENT', data: { recipient: '@nobody' } });
    expect(err(['@empty'])).toMatchObject({ code: 'OPAQUE_NO_RECIPIENTS' });
    expect(err([])).toMatchObject({ code: 'OPAQUE_NO_RECIPIENTS' });
    expect(err(['not-an-actor']).code).toBe('BAD_ACTOR');
  });

  it('gives keys every resolved recipient can decrypt with (a group round trip)', async () => {
    const keys = resolveRecipients(trust(), ['@auditors']).map((r) => r.key);
    const { pointer, ciphertext } = await encryptBlob(utf8('audit notes'), keys);
    for (const a of ['user:bob', 'user:carol']) expect(text(await decryptBlob(pointer, ciphertext, me(a)))).toBe('audit notes');
    await refused(decryptBlob(pointer, ciphertext, me('user:alice')), 'OPAQUE_NOT_RECIPIENT');
    expect(parsePointer(pointer)).toEqual(pointer);
  });
});
