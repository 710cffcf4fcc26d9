import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources in tests (package.json "source" condition),
    // so a change in one plane is seen by the others without a rebuild. Spawned CLIs use the built dist.
    conditions: ['source'],
  },
  // Vitest runs test files as SSR modules: Vite 6+ reads their conditions from ssr.resolve, not resolve.
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['crates-ts/*/test/**/*.test.ts', 'conformance/**/*.test.ts', 'spec/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './.ci/closing-line-reporter.ts'],
  },
});
