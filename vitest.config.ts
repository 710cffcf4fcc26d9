import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Applies to files Vite transforms only. Test files run as SSR modules whose workspace imports
    // resolve natively to dist/ (passing 'source' to ssr.resolve.conditions would make vitest start
    // its workers with --conditions source, and worker threads and createRequire would then load .ts),
    // so `npm test` builds first; after editing a package, run `npx tsc -b` before vitest.
    conditions: ['source'],
  },
  test: {
    include: ['crates-ts/*/test/**/*.test.ts', 'conformance/**/*.test.ts', 'spec/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './.ci/closing-line-reporter.ts'],
  },
});
