import { describe, expect, it } from 'vitest';

describe('@gatos/git public surface', () => {
  it('exposes only the intended API', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual(['loadSignatureCache', 'openRepository', 'refNameProblem', 'runGit']);
  });
});
