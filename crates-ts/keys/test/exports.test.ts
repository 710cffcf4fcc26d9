import { describe, expect, it } from 'vitest';

describe('@gatos/keys public surface', () => {
  it('exposes only the intended API (changing it is deliberate: update this list)', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual(["createKey","gatosHome","keyFilePath","listKeys","loadSecretSeed","loadSigner","parallelSigner"]);
  });
});
