/** `@gatos/keys`: the local Ed25519 key store (outside every repository) and the `Signer` it yields. */
export { gatosHome } from './gatosHome.js';
export { keyFilePath } from './keyFile.js';
export type { KeyFile } from './keyFile.js';
export { createKey } from './createKey.js';
export type { CreatedKey } from './createKey.js';
export { loadSigner } from './loadSigner.js';
export { loadSecretSeed } from './loadSecretSeed.js';
export { listKeys } from './listKeys.js';
export type { ListedKey } from './listKeys.js';
export { parallelSigner } from './parallelSign.js';
export type { SignMany } from './parallelSign.js';
