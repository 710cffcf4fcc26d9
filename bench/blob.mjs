// bench/blob: put + get of one opaque 100 MB file for one recipient (encrypt, store, fetch, verify,
// decrypt), as MB/s of plaintext, beside plain node:crypto AES-256-GCM encrypt + decrypt of the same
// bytes measured in the same run. Three figures: the repository store (default), the directory store,
// and the crypto alone (no store), so the cost of padding, hashing and git storage can be told apart.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { blake3, initHashes } from '../crates-ts/core/dist/index.js';
import { openRepository } from '../crates-ts/git/dist/index.js';
import {
  DirBlobStore, RepoBlobStore, decryptBlob, encryptBlob, materializeBlob, putOpaqueBlob, recipientKeyFromSeed,
} from '../crates-ts/opaque/dist/index.js';
import { git, printJsonLines, report, scratch, time } from './lib.mjs';

const MB = Number(process.env.BENCH_BLOB_MB ?? 100);
const bytes = MB * 1000 * 1000;
const mbps = (ms) => bytes / 1e6 / (ms / 1000);

await initHashes();
const data = randomBytes(bytes);
const me = recipientKeyFromSeed(blake3(new TextEncoder().encode('gatos-bench-key:user:alice')));

function baselineMs() {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  return time(() => {
    const c = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([c.update(data), c.final()]);
    const tag = c.getAuthTag();
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAuthTag(tag);
    const opened = Buffer.concat([d.update(sealed), d.final()]);
    if (opened.length !== data.length) throw new Error('baseline round trip failed');
  });
}

async function putGet(makeStore) {
  const { store, reopen, close } = await makeStore();
  let pointer;
  const putMs = await time(async () => {
    pointer = await putOpaqueBlob(store, data, [me.key]);
  });
  const reader = await reopen();
  let out;
  const getMs = await time(async () => {
    out = await materializeBlob(reader, pointer, { signer: me });
  });
  if (!Buffer.from(out).equals(data)) throw new Error('round trip returned other bytes');
  await close();
  return { putMs, getMs, bucket: pointer.size };
}

const baseline = mbps(await baselineMs());

const dir = scratch('blob');
const repoDir = join(dir, 'repo');
git(dir, ['init', '-q', '-b', 'main', repoDir]);
const repos = [];
const repo = await putGet(async () => {
  const open = async () => {
    const r = await openRepository(repoDir);
    repos.push(r);
    return new RepoBlobStore(r);
  };
  return { store: await open(), reopen: open, close: () => Promise.all(repos.map((r) => r.close())) };
});
report('blob', 'opaque_put_get_repo_MB_per_s', mbps(repo.putMs + repo.getMs), 'MB/s', baseline,
  `baseline: node:crypto AES-256-GCM encrypt+decrypt of the same ${MB} MB; put ${Math.round(repo.putMs)} ms + get ${Math.round(repo.getMs)} ms, bucket ${repo.bucket / 2 ** 20} MiB`);

const dirStore = await putGet(async () => {
  const open = async () => new DirBlobStore(join(dir, 'blobs'));
  return { store: await open(), reopen: open, close: async () => undefined };
});
report('blob', 'opaque_put_get_dir_MB_per_s', mbps(dirStore.putMs + dirStore.getMs), 'MB/s', baseline,
  `gatos.blobStore dir:<path>; put ${Math.round(dirStore.putMs)} ms + get ${Math.round(dirStore.getMs)} ms`);

let sealed;
const cryptoMs = await time(async () => {
  sealed = await encryptBlob(data, [me.key]);
  await decryptBlob(sealed.pointer, sealed.ciphertext, me);
});
report('blob', 'opaque_encrypt_decrypt_MB_per_s', mbps(cryptoMs), 'MB/s', baseline,
  'no store: pad + AES-256-GCM + BLAKE3 of the ciphertext + HPKE wrap, and back');
printJsonLines();
